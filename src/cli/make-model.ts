import { parseArgs } from 'node:util';
import { generateModel } from '../modelgen/generate.js';
import { getPreset, PRESETS } from '../modelgen/presets.js';

const USAGE =
  `usage: make-model [--preset ${Object.keys(PRESETS).join('|')}] [--out ROOT] [--id MODEL_ID] ` +
  '[--corpus FILE.jsonl]';

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} B`;
}

/** Writes a generated BERT model folder (tokenizer, config, fp32 and int8 ONNX) for a preset. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      preset: { type: 'string', default: 'minilm-shaped' },
      out: { type: 'string', default: 'models' },
      id: { type: 'string' },
      corpus: { type: 'string', default: 'data/sample/papers.jsonl' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const preset = getPreset(values.preset);
  const result = await generateModel({
    preset,
    root: values.out,
    id: values.id,
    corpus: values.corpus,
  });
  console.log(`${preset.name}: vocabulary ${result.stamp.vocabSize}, written to ${result.dir}`);
  for (const file of result.files) {
    console.log(`  ${file.path.padEnd(28)} ${formatBytes(file.bytes).padStart(10)}`);
  }
  console.log(`done in ${result.seconds.toFixed(2)} s`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) console.error(USAGE);
  process.exitCode = 1;
});
