import { fileURLToPath } from 'node:url';
import type { CorpusEvent } from '../../src/corpus/reader.js';

/** Path of a file in test/fixtures/corpus. */
export function fixture(name: string): string {
  return fileURLToPath(new URL(`../fixtures/corpus/${name}`, import.meta.url));
}

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

/** "line: title" for papers and "line: skip reason" for skips, to assert a whole file at once. */
export function outline(events: readonly CorpusEvent[]): string[] {
  return events.map((event) =>
    event.kind === 'paper'
      ? `${event.line}: ${event.paper.title}`
      : `${event.line}: skip ${event.reason}`,
  );
}

export function papers(events: readonly CorpusEvent[]) {
  return events.flatMap((event) => (event.kind === 'paper' ? [event.paper] : []));
}
