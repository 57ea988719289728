import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Paper } from '../../src/corpus/paper.js';
import { hashString, mulberry32 } from '../../src/util/prng.js';

/**
 * A large corpus made from the real sample: each paper takes one sample paper's title and
 * metadata and an abstract of sentences drawn from several sample abstracts, so texts are
 * distinct (no duplicate vectors) but keep the sample's vocabulary and lengths.
 */
export async function writeSyntheticCorpus(
  file: string,
  count: number,
  sample: Paper[],
  seed = 1,
): Promise<void> {
  const random = mulberry32(hashString('corpus', seed));
  const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)];
  const sentences = sample.flatMap((p) =>
    p.abstract.split(/(?<=\.)\s+/).filter((s) => s.length > 20),
  );
  const out = createWriteStream(file);
  for (let i = 0; i < count; i++) {
    const source = pick(sample);
    const abstract = Array.from({ length: 3 + Math.floor(random() * 4) }, () =>
      pick(sentences),
    ).join(' ');
    const paper: Paper = { ...source, id: `syn-${i}`, title: `${source.title} (${i})`, abstract };
    if (!out.write(`${JSON.stringify(paper)}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}
