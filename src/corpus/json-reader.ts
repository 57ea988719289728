import { createReadStream } from 'node:fs';
import { getManyValues, isMany, none, type Many } from 'stream-chain/defs.js';
import { jsonParser, type Token } from 'stream-json/core/parser.js';
import { streamArray } from 'stream-json/core/streamers/stream-array.js';
import { CorpusError, errorMessage } from './corpus-error.js';
import type { CorpusEvent } from './reader.js';
import { recordEvent } from './record-mapper.js';
import { assertCorpusFile } from './source-file.js';

/**
 * A file holding one top-level JSON array of paper records, streamed element by element with
 * stream-json's tokenizer and array streamer. stream-json reports no positions, so the text is fed
 * to it one line at a time (long lines in chunks, never whole) and synchronously: each element's
 * `line` is the line its value starts on, and an element completed before a syntax error is never
 * lost. A syntax error ends the file (nothing after it can be trusted) as one skip event at the
 * line the tokenizer stopped on, which can trail the fault by a line or two.
 */
interface Element {
  value: unknown;
  line: number;
}

class ArrayElements {
  private readonly tokenize = jsonParser();
  private readonly assemble = streamArray();
  private depth = 0;
  private opened = false;
  private started: number | null = null;
  line = 1;

  constructor(private readonly file: string) {}

  /** Elements completed by a piece of text that holds at most one line break, at its end. */
  feed(piece: string): Element[] {
    const elements = this.accept(outputs(this.tokenize(piece)));
    if (piece.endsWith('\n')) this.line += 1;
    return elements;
  }

  end(): Element[] {
    if (!this.opened) throw new CorpusError(this.file, 'no JSON content');
    // stream-chain's protocol: `none` asks a stage to flush what it still holds.
    return this.accept(outputs(this.tokenize(none as unknown as string)));
  }

  private accept(tokens: Token[]): Element[] {
    const elements: Element[] = [];
    for (const token of tokens) {
      this.track(token);
      for (const { value } of outputs(this.assemble(token))) {
        elements.push({ value, line: this.started ?? this.line });
        this.started = null;
      }
    }
    return elements;
  }

  private track(token: Token): void {
    if (this.depth === 0 && token.name !== 'startArray') {
      throw new CorpusError(this.file, 'expected a top-level JSON array');
    }
    this.opened = true;
    if (this.depth === 1 && this.started === null && token.name !== 'endArray') {
      this.started = this.line;
    }
    if (token.name === 'startArray' || token.name === 'startObject') this.depth += 1;
    if (token.name === 'endArray' || token.name === 'endObject') this.depth -= 1;
  }
}

function outputs<T>(result: T | Many<T> | typeof none): T[] {
  if (result === none) return [];
  return isMany(result) ? getManyValues(result as Many<T>) : [result as T];
}

export async function* readJson(file: string): AsyncGenerator<CorpusEvent> {
  await assertCorpusFile(file);
  const elements = new ArrayElements(file);
  try {
    for await (const piece of linePieces(file)) {
      for (const { value, line } of elements.feed(piece)) yield recordEvent(value, { file, line });
    }
    for (const { value, line } of elements.end()) yield recordEvent(value, { file, line });
  } catch (error) {
    if (error instanceof CorpusError) throw error;
    const reason = `invalid JSON: ${errorMessage(error)}; rest of file unread`;
    yield { kind: 'skip', reason, file, line: elements.line };
  }
}

/** The file's text cut after every line break, so no piece spans two lines. */
async function* linePieces(file: string): AsyncGenerator<string> {
  let first = true;
  try {
    for await (const chunk of createReadStream(file, { encoding: 'utf8' })) {
      const text = first ? (chunk as string).replace(/^\uFEFF/, '') : (chunk as string);
      first = false;
      yield* text.split(/(?<=\n)/);
    }
  } catch (error) {
    throw new CorpusError(file, `read failed: ${errorMessage(error)}`, { cause: error });
  }
}
