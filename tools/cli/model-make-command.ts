import { Option, type Command } from 'commander';
import type { Config } from '../../src/config.js';
import { generateModel } from '../modelgen/generate.js';
import { PRESETS, type PresetName } from '../modelgen/presets.js';

interface MakeFlags {
  preset: PresetName;
  modelsDir: string;
  id?: string;
  corpus: string;
}

/** `model make`: a BERT with random, fixed-seed weights where the transformer embedder looks. */
export function registerModelMake(program: Command, config: Config): void {
  program
    .command('model')
    .description('make models for tests and benchmarks')
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

async function make(flags: MakeFlags): Promise<void> {
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
