import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Paper } from '../../../src/corpus/paper.js';
import type { LabelledPaper } from './engine.js';

/**
 * The papers again, grouped by primary category (categories in name order, papers in corpus
 * order within one), labels unchanged. A segment built in this order holds each field's
 * papers in runs of neighbouring ordinals, so a term's high-scoring papers fill few blocks
 * and block-max pruning skips more. Two passes through files of one category each keep
 * memory flat whatever the corpus size.
 */
export async function* byPrimaryCategory(
  papers: AsyncIterable<LabelledPaper>,
  workDir: string,
): AsyncGenerator<LabelledPaper> {
  const dir = await mkdtemp(join(workDir, 'by-category-'));
  try {
    const groups = new Map<string, WriteStream>();
    for await (const { label, paper } of papers) {
      const key = (paper.categories[0] ?? '').replace(/[^A-Za-z0-9.-]/g, '_') || '_none';
      let out = groups.get(key);
      if (!out) groups.set(key, (out = createWriteStream(join(dir, key))));
      if (!out.write(`${JSON.stringify([label, paper])}\n`)) await once(out, 'drain');
    }
    await Promise.all([...groups.values()].map((out) => new Promise((done) => out.end(done))));
    for (const file of (await readdir(dir)).sort()) {
      for await (const line of createInterface({ input: createReadStream(join(dir, file)) })) {
        const [label, paper] = JSON.parse(line) as [number, Paper];
        yield { label, paper };
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
