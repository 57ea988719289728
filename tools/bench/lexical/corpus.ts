import { readArxiv } from '../../../src/corpus/arxiv-reader.js';
import type { LabelledPaper } from './engine.js';

/** The corpus file's papers, labelled by their place in it; a skipped record is an error. */
export async function* labelledPapers(file: string): AsyncGenerator<LabelledPaper> {
  let label = 0;
  for await (const event of readArxiv(file)) {
    if (event.kind === 'skip') throw new Error(`${event.file}:${event.line}: ${event.reason}`);
    yield { label: label++, paper: event.paper };
  }
}
