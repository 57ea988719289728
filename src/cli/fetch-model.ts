import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { fetchModel, TESTED_MODELS, type FetchEvent } from '../embed/model-fetch.js';

const USAGE = `usage: fetch-model [MODEL_ID] [--quantized] [--models-dir DIR] [--revision REV]
       fetch-model --list

Downloads a transformers.js model (tokenizer, config, ONNX weights, sentence-transformers
settings) from the Hugging Face hub at $HF_ENDPOINT into DIR/MODEL_ID/.
MODEL_ID defaults to $PAPER_SEARCH_MODEL; --quantized fetches the int8 ONNX file (--dtype q8).`;

/** Downloads a model for the transformer embedder and prints each file it wrote. */
async function main(): Promise<void> {
  const config = loadConfig();
  const { values, positionals } = parseArgs({
    options: {
      quantized: { type: 'boolean', default: false },
      'models-dir': { type: 'string', default: config.PAPER_SEARCH_MODELS_DIR },
      revision: { type: 'string', default: 'main' },
      list: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) return console.log(USAGE);
  if (values.list) return printTestedModels();
  if (positionals.length > 1) throw new Error(`expected one model id, got ${positionals.length}`);

  const modelId = positionals[0] ?? config.PAPER_SEARCH_MODEL;
  const dtype = values.quantized ? 'q8' : 'fp32';
  const result = await fetchModel({
    modelId,
    modelsDir: values['models-dir'],
    dtype,
    endpoint: config.HF_ENDPOINT,
    revision: values.revision,
    onEvent: report,
  });
  const total = result.written.reduce((sum, file) => sum + file.bytes, 0);
  console.log(
    `${modelId} ready in ${result.folder}: ${result.written.length} files, ${total} bytes. ` +
      `Use it with --model ${modelId}${dtype === 'q8' ? ' --dtype q8' : ''}.`,
  );
}

function report(event: FetchEvent): void {
  if (event.kind === 'wrote') console.log(`wrote ${event.path} (${event.bytes} bytes)`);
  else if (event.kind === 'skipped') console.log(`skipped ${event.file} (${event.reason})`);
  // Weights take a while: say so before the wait rather than after.
  else if (event.file.endsWith('.onnx')) {
    const size = event.bytes === null ? 'size unknown' : `${event.bytes} bytes`;
    console.error(`downloading ${event.file} (${size})...`);
  }
}

function printTestedModels(): void {
  const width = Math.max(...TESTED_MODELS.map((m) => m.id.length));
  console.log(`${'model id'.padEnd(width)}  dims  notes`);
  for (const model of TESTED_MODELS) {
    console.log(`${model.id.padEnd(width)}  ${String(model.dims).padStart(4)}  ${model.note}`);
  }
}

main().catch((error: unknown) => {
  console.error(`fetch-model: ${error instanceof Error ? error.message : String(error)}`);
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) console.error(USAGE);
  process.exitCode = 1;
});
