import { errorMessage } from './corpus-error.js';
import type { CorpusEvent, CorpusReader } from './reader.js';
import { recordEvent } from './record-mapper.js';
import { readLines } from './source-file.js';

/** One parsed line of a JSON Lines file, or why it could not be parsed. */
export type JsonLine = { line: number; value: unknown } | { line: number; error: string };

/** Streams the non-blank lines of a JSON Lines file, each parsed on its own. */
export async function* readJsonLines(file: string): AsyncGenerator<JsonLine> {
  for await (const { text, line } of readLines(file)) {
    if (text.trim() === '') continue;
    try {
      yield { line, value: JSON.parse(text) as unknown };
    } catch (error) {
      yield { line, error: `invalid JSON: ${errorMessage(error)}` };
    }
  }
}

/** A JSON Lines reader whose records pass through `toRecord` before mapping to papers. */
export function jsonLinesReader(toRecord: (value: unknown) => unknown): CorpusReader {
  return async function* (file: string): AsyncGenerator<CorpusEvent> {
    for await (const parsed of readJsonLines(file)) {
      const position = { file, line: parsed.line };
      yield 'error' in parsed
        ? { kind: 'skip', reason: parsed.error, ...position }
        : recordEvent(toRecord(parsed.value), position);
    }
  };
}
