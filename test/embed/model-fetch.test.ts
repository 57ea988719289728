import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  fetchModel,
  ModelFetchError,
  TESTED_MODELS,
  validateModelId,
  type FetchEvent,
} from '../../src/embed/model-fetch.js';
import { runCliAsync } from '../helpers/cli.js';
import { makeTempDir } from '../helpers/temp-dir.js';

const MODEL = 'test-org/tiny-model';
const CUT_MODEL = 'test-org/cut-model';

// A model folder as the hub holds it: some optional files present, some not.
const FILES: Record<string, Buffer> = {
  'config.json': Buffer.from('{"model_type":"bert","hidden_size":8}'),
  'tokenizer.json': Buffer.from('{"model":{"type":"WordPiece"}}'),
  'tokenizer_config.json': Buffer.from('{"model_max_length":128}'),
  'modules.json': Buffer.from('[{"path":"1_Pooling","type":"Pooling"}]'),
  '1_Pooling/config.json': Buffer.from('{"pooling_mode_mean_tokens":true}'),
  'onnx/model.onnx': Buffer.from(Array.from({ length: 4096 }, (_, i) => i % 251)),
};

/** Serves FILES in the hub's URL layout; weights redirect elsewhere, as the hub's LFS files do. */
function startHub(): Promise<Server> {
  const server = createServer((req, res) => {
    const url = decodeURIComponent(req.url ?? '');
    const cdn = url.match(/^\/cdn\/(.+)$/);
    const hub = url.match(/^\/([^/]+\/[^/]+)\/resolve\/main\/(.+)$/);
    const [model, file] = cdn ? [MODEL, cdn[1]] : hub ? [hub[1], hub[2]] : ['', ''];
    if (model === CUT_MODEL && file.endsWith('.onnx')) {
      // Promises more than it sends, then drops the connection mid-body.
      res.writeHead(200, { 'content-length': '100000' });
      res.write(Buffer.alloc(1000));
      setTimeout(() => res.destroy(), 20);
      return;
    }
    const body = model === MODEL || model === CUT_MODEL ? FILES[file] : undefined;
    if (!body) {
      res.writeHead(404).end('Entry not found');
    } else if (!cdn && file.endsWith('.onnx')) {
      res.writeHead(302, { location: `/cdn/${encodeURIComponent(file)}` }).end();
    } else {
      res.writeHead(200, { 'content-length': String(body.length) }).end(body);
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

describe('fetchModel', async () => {
  const tmp = await makeTempDir();
  let hub: Server;
  let endpoint: string;
  beforeAll(async () => {
    hub = await startHub();
    endpoint = `http://127.0.0.1:${(hub.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    hub.closeAllConnections();
    await new Promise((resolve) => hub.close(resolve));
    await tmp.cleanup();
  });

  it('writes the model files in the transformers.js layout and skips absent optional ones', async () => {
    const modelsDir = join(tmp.dir, 'models');
    const events: FetchEvent[] = [];
    const result = await fetchModel({
      modelId: MODEL,
      modelsDir,
      dtype: 'fp32',
      endpoint: `${endpoint}/`,
      onEvent: (event) => events.push(event),
    });

    const folder = join(modelsDir, MODEL);
    expect(result.folder).toBe(folder);
    expect(await listFiles(folder)).toEqual(Object.keys(FILES).sort());
    for (const [file, body] of Object.entries(FILES)) {
      expect(await readFile(join(folder, file))).toEqual(body);
    }
    expect(result.written.map((w) => [w.file, w.bytes])).toEqual(
      expect.arrayContaining(Object.entries(FILES).map(([file, body]) => [file, body.length])),
    );
    expect(result.skipped.sort()).toEqual([
      'config_sentence_transformers.json',
      'sentence_bert_config.json',
      'special_tokens_map.json',
    ]);
    // The weights come last, so a wrong id or dtype fails before the large download.
    expect(result.written.at(-1)?.file).toBe('onnx/model.onnx');
    expect(events.filter((e) => e.kind === 'wrote')).toHaveLength(Object.keys(FILES).length);
  });

  it('paper-search model fetch writes the same folder and says how to use it', async () => {
    const modelsDir = join(tmp.dir, 'cli-models');
    const result = await runCliAsync(['model', 'fetch', MODEL, '--models-dir', modelsDir], {
      HF_ENDPOINT: endpoint,
    });
    expect(result.status, result.stderr).toBe(0);
    expect(await listFiles(join(modelsDir, MODEL))).toEqual(Object.keys(FILES).sort());
    expect(result.stdout).toContain(`wrote ${join(modelsDir, MODEL, 'onnx/model.onnx')}`);
    expect(result.stdout).toMatch(
      new RegExp(`${MODEL} ready in .*Use it with --model ${MODEL}\\.`),
    );
    expect(result.stderr).toContain('downloading onnx/model.onnx (4096 bytes)');
  });

  it('fails clearly when a required file is missing', async () => {
    const attempt = fetchModel({
      modelId: MODEL,
      modelsDir: join(tmp.dir, 'q8'),
      dtype: 'q8',
      endpoint,
    });
    await expect(attempt).rejects.toThrow(ModelFetchError);
    await expect(attempt).rejects.toThrow(
      /has no onnx\/model_quantized\.onnx \(HTTP 404 .*\).*try without --quantized/,
    );
  });

  it('says there is no network when the endpoint cannot be reached', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));

    const modelsDir = join(tmp.dir, 'offline');
    const attempt = fetchModel({
      modelId: MODEL,
      modelsDir,
      dtype: 'fp32',
      endpoint: `http://127.0.0.1:${port}`,
    });
    await expect(attempt).rejects.toThrow(
      `could not reach http://127.0.0.1:${port} (connect ECONNREFUSED 127.0.0.1:${port}): ` +
        `no network? Copy the model folder into ${join(modelsDir, MODEL)}/ instead`,
    );
  });

  it('leaves no partial file behind when a download is cut off', async () => {
    const modelsDir = join(tmp.dir, 'cut');
    const attempt = fetchModel({ modelId: CUT_MODEL, modelsDir, dtype: 'fp32', endpoint });
    await expect(attempt).rejects.toThrow(/download of .*onnx\/model\.onnx failed/);
    const left = await listFiles(join(modelsDir, CUT_MODEL));
    expect(left).not.toContain('onnx/model.onnx');
    expect(left.filter((f) => f.endsWith('.part'))).toEqual([]);
  });
});

describe('validateModelId', () => {
  it('accepts hub ids and rejects anything that could leave the models folder', () => {
    for (const model of TESTED_MODELS) expect(validateModelId(model.id)).toBe(model.id);
    expect(validateModelId('gpt2')).toBe('gpt2');
    for (const bad of ['../x', 'a/..', 'a/b/c', '/abs', 'a b', '']) {
      expect(() => validateModelId(bad), bad).toThrow(ModelFetchError);
    }
  });
});
