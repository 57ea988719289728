import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { onnxFileFor, TOKENIZER_FILES, type ModelDtype } from './model-files.js';

/** A model id checked against this project's embedder, with the width of its vectors. */
export interface TestedModel {
  id: string;
  dims: number;
  note: string;
}

export const TESTED_MODELS: readonly TestedModel[] = [
  { id: 'Xenova/all-MiniLM-L6-v2', dims: 384, note: 'default; fast, English' },
  { id: 'Xenova/bge-small-en-v1.5', dims: 384, note: 'English, CLS pooling, query prefix' },
  { id: 'Xenova/e5-small-v2', dims: 384, note: 'English, query:/passage: prefixes' },
  { id: 'Xenova/all-mpnet-base-v2', dims: 768, note: 'English, slower, stronger' },
  { id: 'Xenova/paraphrase-multilingual-MiniLM-L12-v2', dims: 384, note: '50+ languages' },
];

// Read by transformers.js or the sentence-transformers conventions when present; many repos lack some.
const OPTIONAL_FILES = [
  'special_tokens_map.json',
  'modules.json',
  '1_Pooling/config.json',
  'sentence_bert_config.json',
  'config_sentence_transformers.json',
];

export interface FetchModelOptions {
  modelId: string;
  modelsDir: string;
  dtype: ModelDtype;
  /** Hub base URL, e.g. https://huggingface.co or a mirror. */
  endpoint: string;
  revision?: string;
  onEvent?: (event: FetchEvent) => void;
}

export type FetchEvent =
  | { kind: 'fetching'; file: string; bytes: number | null }
  | { kind: 'wrote'; file: string; path: string; bytes: number }
  | { kind: 'skipped'; file: string; reason: string };

export interface FetchModelResult {
  folder: string;
  written: { file: string; path: string; bytes: number }[];
  skipped: string[];
}

/** A failure worth one line to the user: no network, no such model or file, a cut download. */
export class ModelFetchError extends Error {
  override name = 'ModelFetchError';
}

// Hub ids are `owner/name` (or a bare name); anything else could escape the models folder.
const MODEL_ID = /^(?:[\w.-]+\/)?[\w.-]+$/;

export function validateModelId(modelId: string): string {
  if (!MODEL_ID.test(modelId) || modelId.split('/').some((part) => /^\.+$/.test(part))) {
    throw new ModelFetchError(`"${modelId}" is not a model id: expected owner/name`);
  }
  return modelId;
}

/**
 * Downloads a transformers.js model from the hub into `<modelsDir>/<modelId>/`. Required files
 * come first, the large ONNX file last, so a wrong id or dtype fails before the big download.
 * Each file is written to a temporary name and renamed, so a cut download never leaves a file
 * that looks complete.
 */
export async function fetchModel(options: FetchModelOptions): Promise<FetchModelResult> {
  const modelId = validateModelId(options.modelId);
  const endpoint = options.endpoint.replace(/\/+$/, '');
  const revision = encodeURIComponent(options.revision ?? 'main');
  const folder = join(options.modelsDir, modelId);
  const emit = options.onEvent ?? (() => {});
  const result: FetchModelResult = { folder, written: [], skipped: [] };

  const plan = [
    ...TOKENIZER_FILES.map((file) => ({ file, required: true })),
    ...OPTIONAL_FILES.map((file) => ({ file, required: false })),
    { file: onnxFileFor(options.dtype), required: true },
  ];
  for (const { file, required } of plan) {
    const url = `${endpoint}/${modelId}/resolve/${revision}/${file}`;
    const response = await request(url, endpoint, modelId, options.modelsDir);
    if (!response.ok) {
      await response.body?.cancel();
      if (!required && response.status === 404) {
        result.skipped.push(file);
        emit({ kind: 'skipped', file, reason: 'not in the repository' });
        continue;
      }
      throw httpError(response.status, modelId, file, url, options.dtype);
    }
    const expected = contentLength(response);
    emit({ kind: 'fetching', file, bytes: expected });
    const path = join(folder, file);
    const bytes = await writeAtomically(path, response, url, expected);
    result.written.push({ file, path, bytes });
    emit({ kind: 'wrote', file, path, bytes });
  }
  return result;
}

async function request(
  url: string,
  endpoint: string,
  modelId: string,
  modelsDir: string,
): Promise<Response> {
  try {
    return await fetch(url, { redirect: 'follow' });
  } catch (error) {
    // fetch rejects only when no HTTP exchange happened: DNS, refused or reset connections.
    throw new ModelFetchError(
      `could not reach ${endpoint} (${describeCause(error)}): no network? ` +
        `Copy the model folder into ${join(modelsDir, modelId)}/ instead`,
    );
  }
}

function httpError(
  status: number,
  modelId: string,
  file: string,
  url: string,
  dtype: ModelDtype,
): ModelFetchError {
  if (status === 404 && file.endsWith('.onnx')) {
    const other = dtype === 'q8' ? 'without --quantized' : 'with --quantized';
    return new ModelFetchError(
      `${modelId} has no ${file} (HTTP 404 from ${url}); it may not ship that ONNX variant ` +
        `(try ${other}) or may not be a transformers.js model`,
    );
  }
  // The hub answers 401 for repositories that do not exist as well as for private ones.
  const hint =
    status === 401 || status === 403
      ? ': no such public model (check the id) or it needs authentication'
      : status === 404
        ? ': is it a transformers.js (ONNX) model?'
        : '';
  return new ModelFetchError(`${modelId}: HTTP ${status} for ${file} from ${url}${hint}`);
}

/** Body size to check the download against; unknown when fetch decompresses the body. */
function contentLength(response: Response): number | null {
  const encoding = response.headers.get('content-encoding');
  if (encoding && encoding !== 'identity') return null;
  const header = response.headers.get('content-length');
  const n = header === null ? NaN : Number(header);
  return Number.isSafeInteger(n) && n >= 0 ? n : null;
}

async function writeAtomically(
  path: string,
  response: Response,
  url: string,
  expected: number | null,
): Promise<number> {
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${randomBytes(6).toString('hex')}.part`;
  try {
    if (!response.body) throw new Error('empty response body');
    await pipeline(
      Readable.fromWeb(response.body as WebReadableStream<Uint8Array>),
      createWriteStream(temp),
    );
    const { size: bytes } = await stat(temp);
    if (expected !== null && bytes !== expected) {
      throw new Error(`got ${bytes} of ${expected} bytes`);
    }
    await rename(temp, path);
    return bytes;
  } catch (error) {
    await rm(temp, { force: true });
    throw new ModelFetchError(`download of ${url} failed: ${describeCause(error)}`);
  }
}

/** The innermost message: undici wraps the useful one ("ECONNREFUSED ...") in "fetch failed". */
function describeCause(error: unknown): string {
  let current: unknown = error;
  for (;;) {
    if (current instanceof AggregateError && current.errors.length > 0) current = current.errors[0];
    else if (current instanceof Error && current.cause !== undefined) current = current.cause;
    else break;
  }
  if (current instanceof Error) return current.message || current.name;
  return String(current);
}
