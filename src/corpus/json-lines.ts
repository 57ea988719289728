import { errorMessage } from './corpus-error.js';
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
