import { Option, type Command } from 'commander';
import type { Config } from '../config.js';
import { fetchModel, TESTED_MODELS, type FetchEvent } from '../embed/model-fetch.js';
import { PRESETS, type PresetName } from '../modelgen/presets.js';

interface FetchFlags {
  quantized?: boolean;
  modelsDir: string;
  revision: string;
  list?: boolean;
}

interface MakeFlags {
  preset: PresetName;
  modelsDir: string;
  id?: string;
  corpus: string;
}

/** `paper-search model fetch|make`: put a model where the transformer embedder looks. */
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

  model
    .command('make')
    .description(
      'generate a BERT model with random, fixed-seed weights (tokenizer, config, fp32 and int8 ' +
        'ONNX) for tests and benchmarks: real cost, no meaning',
    )
    .addOption(
      new Option('--preset <name>', 'architecture')
        .choices(Object.keys(PRESETS))
        .default('minilm-shaped'),
    )
    .option('--models-dir <dir>', 'models folder to write into', config.PAPER_SEARCH_MODELS_DIR)
    .option('--id <model-id>', "folder under the models folder (default: the preset's)")
    .option(
      '--corpus <file>',
      'JSONL corpus the vocabulary is drawn from',
      config.PAPER_SEARCH_SAMPLE,
    )
    .action(make);
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

/** The generator needs onnx-proto, a development dependency: imported only when it runs. */
async function make(flags: MakeFlags): Promise<void> {
  const { generateModel } = await import('../modelgen/generate.js');
  const preset = PRESETS[flags.preset];
  const result = await generateModel({
    preset,
    root: flags.modelsDir,
    id: flags.id,
    corpus: flags.corpus,
  });
  console.log(`${preset.name}: vocabulary ${result.stamp.vocabSize}, written to ${result.dir}`);
  for (const file of result.files) {
    console.log(`  ${file.path.padEnd(28)} ${formatSize(file.bytes).padStart(10)}`);
  }
  console.log(`done in ${result.seconds.toFixed(2)} s`);
}

function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} B`;
}
