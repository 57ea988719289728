import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { readBeirCollection, type JudgedCollection } from '../../src/eval/beir.js';
import { PROJECT_ROOT } from './project-root.js';

export const JUDGED_DIR = join(PROJECT_ROOT, 'data', 'judged');
/** A quick run scores only collections this small: indexing a larger one takes minutes. */
export const QUICK_CORPUS_BYTES = 2 * 1024 * 1024;

/**
 * Each folder of data/judged, scored on its `test` qrels, or its only qrels file; with `quick`,
 * only those whose corpus file is at most QUICK_CORPUS_BYTES.
 */
export async function judgedCollections(quick: boolean): Promise<JudgedCollection[]> {
  const names = (await readdir(JUDGED_DIR, { withFileTypes: true }))
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const collections: JudgedCollection[] = [];
  for (const name of names) {
    const dir = join(JUDGED_DIR, name);
    if (quick && (await stat(join(dir, 'corpus.jsonl'))).size > QUICK_CORPUS_BYTES) continue;
    const splits = (await readdir(join(dir, 'qrels'))).map((f) => f.replace(/\.tsv$/, ''));
    const split = splits.includes('test') ? 'test' : splits[0];
    collections.push(await readBeirCollection(dir, split));
  }
  return collections;
}
