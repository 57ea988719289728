import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { CorpusError, errorMessage } from './corpus-error.js';

/** One line of a text file with its 1-based number. */
export interface NumberedLine {
  text: string;
  line: number;
}

/**
 * Text a reader reads: a file's path, or text already in memory (a request body) with the name
 * its reports give it in place of a file name.
 */
export type TextSource = string | { name: string; text: string };

/** The name reports give a source: the file's path, or the in-memory text's name. */
export function sourceName(source: TextSource): string {
  return typeof source === 'string' ? source : source.name;
}

/** Fail early and clearly on a path that is missing, not a file, or empty. */
export async function assertCorpusFile(file: string): Promise<void> {
  let size: number;
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new CorpusError(file, 'not a regular file');
    size = info.size;
  } catch (error) {
    if (error instanceof CorpusError) throw error;
    throw new CorpusError(file, 'corpus file not found or unreadable', { cause: error });
  }
  if (size === 0) throw new CorpusError(file, 'corpus file is empty');
}

/**
 * Streams a text file, or splits in-memory text, line by line (any line ending), dropping a
 * leading byte-order mark.
 */
export async function* readLines(source: TextSource): AsyncGenerator<NumberedLine> {
  if (typeof source !== 'string') {
    yield* textLines(source);
    return;
  }
  const file = source;
  await assertCorpusFile(file);
  const input = createReadStream(file, { encoding: 'utf8' });
  const lines = createInterface({ input, crlfDelay: Infinity });
  let line = 0;
  try {
    for await (const raw of lines) {
      line += 1;
      yield { text: line === 1 ? raw.replace(/^\uFEFF/, '') : raw, line };
    }
  } catch (error) {
    throw new CorpusError(file, `read failed after line ${line}: ${errorMessage(error)}`, {
      cause: error,
    });
  } finally {
    // Closing readline leaves its input open; a reader that stops early must free the file.
    lines.close();
    input.destroy();
  }
}

function* textLines({ name, text }: { name: string; text: string }): Generator<NumberedLine> {
  if (text === '') throw new CorpusError(name, 'the text is empty');
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  // A final line break ends the last line rather than starting an empty one, as for files.
  if (lines.at(-1) === '') lines.pop();
  for (const [index, line] of lines.entries()) yield { text: line, line: index + 1 };
}
