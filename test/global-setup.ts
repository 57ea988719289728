import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { generateModel, isModelCurrent, modelDir } from '../tools/modelgen/generate.js';
import { PRESETS, TINY_MODEL_ID } from '../tools/modelgen/presets.js';
import { browserGate } from './web/browser.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Models root holding the generated tiny BERT: transformers.js' `env.localModelPath`. */
    tinyModelRoot: string;
    /** Its model id, the folder below the root (`paper-search/tiny-bert`). */
    tinyModelId: string;
  }
}

const path = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));

const MODELS_ROOT = path('.artifacts/models');
const SAMPLE_CORPUS = path('../data/sample/papers.jsonl');
const FIXTURE_CORPUS = path('tools/modelgen/fixtures/papers.jsonl');

/** Generates the tiny test model once (again only when the generator or corpus changed). */
export default async function setup(project: TestProject): Promise<void> {
  const preset = PRESETS.tiny;
  // The sample corpus gives the vocabulary real tests search with; the fixture keeps a bare
  // checkout working.
  const corpus = existsSync(SAMPLE_CORPUS) ? SAMPLE_CORPUS : FIXTURE_CORPUS;
  if (!(await isModelCurrent(modelDir(MODELS_ROOT, TINY_MODEL_ID), preset, corpus))) {
    await generateModel({ preset, root: MODELS_ROOT, id: TINY_MODEL_ID, corpus });
  }
  // Said once for the whole run, not once per browser test file.
  const browser = browserGate();
  if (browser.skipped) console.warn(`\n*** ${browser.skipped} ***\n`);
  project.provide('tinyModelRoot', MODELS_ROOT);
  project.provide('tinyModelId', TINY_MODEL_ID);
}
