import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { CorpusError, errorMessage } from './corpus-error.js';

/** One line of a text file with its 1-based number. */
export interface NumberedLine {
  text: string;
  line: number;
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

/** Streams a text file line by line (any line ending), dropping a leading byte-order mark. */
export async function* readLines(file: string): AsyncGenerator<NumberedLine> {
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

/** The first line with text in it, for sniffing a file's shape; null when there is none. */
export async function firstTextLine(file: string): Promise<string | null> {
  for await (const { text } of readLines(file)) {
    if (text.trim() !== '') return text.trim();
  }
  return null;
}
