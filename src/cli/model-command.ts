import type { Command } from 'commander';
import type { Config } from '../config.js';
import { fetchModel, TESTED_MODELS, type FetchEvent } from '../embed/model-fetch.js';

interface FetchFlags {
  quantized?: boolean;
  modelsDir: string;
  revision: string;
  list?: boolean;
}

/** `paper-search model fetch`: put a model where the transformer embedder looks. */
export function registerModel(program: Command, config: Config): void {
  const model = program
    .command('model')
    .description('get a model for the transformer embedder into the models folder');

  model
    .command('fetch')
    .description(
      'download a transformers.js model (tokenizer, config, ONNX weights, sentence-transformers ' +
        'settings) from the Hugging Face hub at $HF_ENDPOINT',
    )
    .argument('[model-id]', 'the model to fetch', config.PAPER_SEARCH_MODEL)
    .option('--quantized', 'fetch the int8 ONNX file instead (ingest with --dtype q8)')
    .option('--models-dir <dir>', 'local models folder', config.PAPER_SEARCH_MODELS_DIR)
    .option('--revision <rev>', 'hub revision', 'main')
    .option('--list', 'list the tested models and fetch nothing')
    .action((modelId: string, flags: FetchFlags) =>
      flags.list ? printTestedModels() : fetch(modelId, flags, config),
    );
}

async function fetch(modelId: string, flags: FetchFlags, config: Config): Promise<void> {
  const dtype = flags.quantized ? 'q8' : 'fp32';
  const result = await fetchModel({
    modelId,
    modelsDir: flags.modelsDir,
    dtype,
    endpoint: config.HF_ENDPOINT,
    revision: flags.revision,
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
