import { join } from 'node:path';
import { generateModel, isModelCurrent, modelDir } from '../modelgen/generate.js';
import { getPreset } from '../modelgen/presets.js';
import { PROJECT_ROOT } from './project-root.js';

/** The generated MiniLM-shaped model and the real sample corpus the benchmarks run on. */
export const SAMPLE_CORPUS = join(PROJECT_ROOT, 'data', 'sample', 'papers.jsonl');
export const MODELS_DIR = join(PROJECT_ROOT, 'models');
const PRESET = 'minilm-shaped';

/** Generates the model when missing or stale (a fresh clone), and returns its id. */
export async function ensureBenchModel(log: (line: string) => void): Promise<string> {
  const preset = getPreset(PRESET);
  if (!(await isModelCurrent(modelDir(MODELS_DIR, preset.defaultId), preset, SAMPLE_CORPUS))) {
    log(`generating the ${PRESET} model under models/ ...`);
    await generateModel({ preset, root: MODELS_DIR, corpus: SAMPLE_CORPUS });
  }
  return preset.defaultId;
}
