import { createReadStream } from 'node:fs';
import { getManyValues, isMany, none, type Many } from 'stream-chain/defs.js';
import { Assembler } from 'stream-json/core/assembler.js';
import { jsonParser, type Token } from 'stream-json/core/parser.js';
import { CorpusError, errorMessage } from './corpus-error.js';
import { readJsonLines, type JsonLine } from './json-lines.js';
import { readLines } from './source-file.js';

/**
 * The records of a JSON input, whatever its layout: JSON Lines (one value per line), or one
 * JSON document holding an array of records, a single record, or an API page that wraps its
 * records in `data` (Semantic Scholar) or `results` (OpenAlex). A JSON Lines line holding such a
 * page yields each of its records at that line. Everything streams: a document is tokenised by
 * stream-json one line at a time, and only the record being assembled is held in memory.
 */
export type JsonRecord = JsonLine;

/** Keys of the API pages whose array holds the records. */
const WRAPPER_KEYS = new Set(['data', 'results']);
/** Leading lines that may all fail before a file is refused as not JSON Lines at all. */
const SNIFF_LINES = 20;

/** The records array of an API page held in one value, or null when it is no such page. */
export function wrappedRecords(value: unknown): unknown[] | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  for (const key of WRAPPER_KEYS) {
    const inner = (value as Record<string, unknown>)[key];
    if (Array.isArray(inner)) return inner;
  }
  return null;
}

/**
 * JSON Lines when the first line with text is a whole JSON object, else one JSON document (a
 * minified array is one line too, but a document).
 */
export async function* readJsonRecords(file: string): AsyncGenerator<JsonRecord> {
  yield* (await firstLineIsObject(file)) ? readJsonLineRecords(file) : readJsonDocument(file);
}

export async function firstLineIsObject(file: string): Promise<boolean> {
  for await (const { text } of readLines(file)) {
    if (text.trim() === '') continue;
    return isObjectText(text);
  }
  return false;
}

function isObjectText(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}

/**
 * JSON Lines records: bad lines become errors at their line, but a file none of whose first
 * lines is JSON is refused: it is some other format.
 */
export async function* readJsonLineRecords(file: string): AsyncGenerator<JsonRecord> {
  const leadingErrors: JsonRecord[] = [];
  let parsedAny = false;
  for await (const parsed of readJsonLines(file)) {
    if ('error' in parsed) {
      if (parsedAny) yield parsed;
      else if (leadingErrors.push(parsed) >= SNIFF_LINES) refuseAsNotJsonLines(file, leadingErrors);
      continue;
    }
    parsedAny = true;
    yield* leadingErrors.splice(0);
    for (const value of wrappedRecords(parsed.value) ?? [parsed.value]) {
      yield { line: parsed.line, value };
    }
  }
  if (!parsedAny) refuseAsNotJsonLines(file, leadingErrors);
}

function refuseAsNotJsonLines(file: string, errors: readonly JsonRecord[]): never {
  const first = errors[0] as { line: number; error: string } | undefined;
  const detail = first ? ` (line ${first.line}: ${first.error})` : '';
  throw new CorpusError(
    file,
    `not JSON Lines: no line of the first ${errors.length} parses${detail}`,
  );
}

/**
 * One JSON document, streamed. A syntax error once the document has opened ends the file as one
 * error at the line the tokenizer stopped on (which can trail the fault by a line or two); a file
 * that does not even open as a JSON array or object is not JSON and is refused.
 */
export async function* readJsonDocument(file: string): AsyncGenerator<JsonRecord> {
  const records = new DocumentRecords(file);
  try {
    for await (const piece of linePieces(file)) yield* records.feed(piece);
    yield* records.end();
  } catch (error) {
    if (error instanceof CorpusError) throw error;
    const reason = `invalid JSON: ${errorMessage(error)}`;
    if (!records.opened) {
      throw new CorpusError(file, `not JSON: ${reason} at line ${records.line}`, { cause: error });
    }
    yield { line: records.line, error: `${reason}; rest of file unread` };
  }
}

/** Tokens are fed to a fresh Assembler per record; a wrapper's other keys are kept aside. */
class DocumentRecords {
  private readonly tokenize = jsonParser({ streamValues: false });
  private depth = 0;
  private top: 'array' | 'object' | null = null;
  /** The top-level object, assembled unless it turns out to wrap a records array. */
  private whole: { assembler: Assembler; line: number } | null = null;
  private key: string | null = null;
  private inWrapperArray = false;
  private wrapperSeen = false;
  private current: { assembler: Assembler; line: number } | null = null;
  line = 1;

  constructor(private readonly file: string) {}

  /** Records completed by a piece of text that holds at most one line break, at its end. */
  feed(piece: string): JsonRecord[] {
    const records = this.accept(outputs(this.tokenize(piece)));
    if (piece.endsWith('\n')) this.line += 1;
    return records;
  }

  get opened(): boolean {
    return this.top !== null;
  }

  end(): JsonRecord[] {
    if (this.top === null) throw new CorpusError(this.file, 'no JSON content');
    // stream-chain's protocol: `none` asks a stage to flush what it still holds.
    return this.accept(outputs(this.tokenize(none as unknown as string)));
  }

  private accept(tokens: Token[]): JsonRecord[] {
    const records: JsonRecord[] = [];
    for (const token of tokens) {
      const record = this.step(token);
      if (record) records.push(record);
    }
    return records;
  }

  private step(token: Token): JsonRecord | null {
    if (this.top === null) return this.open(token);
    const recordDepth = this.top === 'array' ? 1 : this.inWrapperArray ? 2 : null;
    if (this.current === null && this.depth === recordDepth && startsValue(token)) {
      this.current = { assembler: new Assembler(), line: this.line };
    }
    if (this.current) {
      this.current.assembler.consume(token);
      this.track(token);
      if (!this.current.assembler.done || this.depth !== recordDepth) return null;
      const record = { line: this.current.line, value: this.current.assembler.current };
      this.current = null;
      return record;
    }
    return this.outsideRecord(token);
  }

  /** The first token: a top-level array of records, or an object (record or wrapper). */
  private open(token: Token): JsonRecord | null {
    if (token.name !== 'startArray' && token.name !== 'startObject') {
      throw new CorpusError(this.file, 'expected a JSON array or object');
    }
    this.top = token.name === 'startArray' ? 'array' : 'object';
    if (this.top === 'object') {
      this.whole = { assembler: new Assembler(), line: this.line };
      this.whole.assembler.consume(token);
    }
    this.depth = 1;
    return null;
  }

  /** Tokens of the top-level object that belong to no streamed record. */
  private outsideRecord(token: Token): JsonRecord | null {
    const enteringWrapper =
      this.depth === 1 &&
      token.name === 'startArray' &&
      this.key !== null &&
      WRAPPER_KEYS.has(this.key);
    if (token.name === 'keyValue' && this.depth === 1) this.key = token.value;
    this.track(token);
    if (enteringWrapper) {
      this.inWrapperArray = this.wrapperSeen = true;
      // The assembled object keeps the key, without the records it no longer needs.
      this.whole?.assembler.consume({ name: 'nullValue', value: null });
      return null;
    }
    if (this.inWrapperArray && this.depth === 1) {
      this.inWrapperArray = false;
      return null;
    }
    this.whole?.assembler.consume(token);
    if (this.depth > 0 || !this.whole || this.wrapperSeen) return null;
    return { line: this.whole.line, value: this.whole.assembler.current };
  }

  private track(token: Token): void {
    if (token.name === 'startArray' || token.name === 'startObject') this.depth += 1;
    if (token.name === 'endArray' || token.name === 'endObject') this.depth -= 1;
  }
}

function startsValue(token: Token): boolean {
  return token.name !== 'endArray' && token.name !== 'endObject' && token.name !== 'keyValue';
}

function outputs<T>(result: T | Many<T> | typeof none): T[] {
  if (result === none) return [];
  return isMany(result) ? getManyValues(result as Many<T>) : [result as T];
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
