/** Streams the texts a vocabulary is learned from: title and abstract of each JSONL record. */
import { createReadStream } from 'node:fs';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { documentText } from '../../src/corpus/paper.js';

function recordText(line: string): string | null {
  let record: unknown;
  try {
    record = JSON.parse(line);
  } catch {
    return null; // a broken line should not stop the vocabulary from being built
  }
  if (typeof record !== 'object' || record === null) return null;
  const { title, abstract } = record as Record<string, unknown>;
  if (typeof title !== 'string' && typeof abstract !== 'string') return null;
  return documentText({
    title: typeof title === 'string' ? title : '',
    abstract: typeof abstract === 'string' ? abstract : '',
  });
}

export async function* jsonlTexts(file: string): AsyncGenerator<string> {
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    const text = recordText(line);
    if (text !== null) yield text;
  }
}

/** Content hash of a corpus file: a generated model is stale when this changes. */
export async function fileSha256(file: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(file))
    .digest('hex');
}
