import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { ANALYZER_VERSION } from '../../../embed/text-analyzer.js';
import { readFileBytes, writeBytes } from '../file-bytes.js';
import { BLOCK_SIZE, Segment, SegmentTable, type SegmentDictionary } from './segment.js';
import type { PostingSink } from './segment-writer.js';
import { TITLE_WEIGHT } from '../../bm25.js';

/**
 * A segment on disk is three files, written once and never modified: `<name>.dict` (documents,
 * terms, skip data), `<name>.doc` (ordinals of every posting) and `<name>.frq` (their weighted
 * frequencies). Each starts with a magic string; arrays are stored as they sit in memory
 * (little-endian, 8-byte aligned), so loading is reading the bytes and taking views.
 */
const MAGIC = { dict: 'PSLXDIC1', doc: 'PSLXDOC1', frq: 'PSLXFRQ1' } as const;
const MAGIC_BYTES = 8;
const FORMAT = 1;

export const SEGMENT_EXTENSIONS = ['dict', 'doc', 'frq'] as const;

export function segmentFile(dir: string, name: string, extension: keyof typeof MAGIC): string {
  return join(dir, `${name}.${extension}`);
}

/** What the dictionary file's header records; a reader refuses files it cannot score alike. */
interface DictionaryHeader {
  format: number;
  analyzer: number;
  titleWeight: number;
  blockSize: number;
  sections: Record<keyof SegmentDictionary, number>;
}

const SECTIONS = {
  labels: Int32Array,
  lengths: Int32Array,
  labelOrder: Int32Array,
  termBytes: Uint8Array,
  termOffsets: Uint32Array,
  termTable: Int32Array,
  postingOffsets: Uint32Array,
  blockOffsets: Uint32Array,
  blockLast: Int32Array,
  impactOffsets: Uint32Array,
  impactFreqs: Uint16Array,
  impactLengths: Int32Array,
} as const;

const SECTION_NAMES = Object.keys(SECTIONS) as Array<keyof SegmentDictionary>;

const padding = (length: number) => (8 - (length % 8)) % 8;

export function writeDictionary(file: string, dict: SegmentDictionary): void {
  const header: DictionaryHeader = {
    format: FORMAT,
    analyzer: ANALYZER_VERSION,
    titleWeight: TITLE_WEIGHT,
    blockSize: BLOCK_SIZE,
    sections: Object.fromEntries(SECTION_NAMES.map((name) => [name, dict[name].length])) as never,
  };
  const json = Buffer.from(JSON.stringify(header));
  const lengthField = Buffer.alloc(4);
  lengthField.writeUInt32LE(json.length);
  const fd = openSync(file, 'w');
  try {
    writeSync(fd, Buffer.from(MAGIC.dict));
    writeSync(fd, lengthField);
    writeSync(fd, json);
    writeSync(fd, Buffer.alloc(padding(MAGIC_BYTES + 4 + json.length)));
    for (const name of SECTION_NAMES) {
      writeBytes(fd, dict[name]);
      writeSync(fd, Buffer.alloc(padding(dict[name].byteLength)));
    }
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function readDictionaryFile(file: string): SegmentDictionary {
  const buffer = readFileBytes(file);
  checkMagic(buffer, file, MAGIC.dict);
  const view = new DataView(buffer);
  const jsonLength = view.getUint32(MAGIC_BYTES, true);
  const start = MAGIC_BYTES + 4;
  const header = JSON.parse(
    Buffer.from(buffer, start, jsonLength).toString('utf8'),
  ) as DictionaryHeader;
  checkHeader(header, file);
  let at = start + jsonLength + padding(start + jsonLength);
  const dict: Partial<Record<keyof SegmentDictionary, ArrayBufferView>> = {};
  for (const name of SECTION_NAMES) {
    const type = SECTIONS[name];
    const length = header.sections[name];
    const bytes = length * type.BYTES_PER_ELEMENT;
    if (at + bytes > buffer.byteLength) throw new Error(`${file}: truncated at section ${name}`);
    dict[name] = new type(buffer, at, length);
    at += bytes + padding(bytes);
  }
  return dict as SegmentDictionary;
}

function checkHeader(header: DictionaryHeader, file: string): void {
  if (header.format !== FORMAT)
    throw new Error(`${file}: segment format ${header.format}, expected ${FORMAT}`);
  if (header.analyzer !== ANALYZER_VERSION) {
    throw new Error(
      `${file}: built with text analyser version ${header.analyzer}, this build analyses with ` +
        `version ${ANALYZER_VERSION}; rebuild the index`,
    );
  }
  if (header.titleWeight !== TITLE_WEIGHT || header.blockSize !== BLOCK_SIZE) {
    throw new Error(`${file}: title weight or block size differ from this build's`);
  }
}

function checkMagic(buffer: ArrayBuffer, file: string, magic: string): void {
  const found = Buffer.from(buffer, 0, Math.min(MAGIC_BYTES, buffer.byteLength)).toString('latin1');
  if (found !== magic) throw new Error(`${file}: not a segment file (expected ${magic})`);
}

/** Reads a segment's dictionary only: enough to find labels and count documents. */
export function readSegmentTable(dir: string, name: string): SegmentTable {
  return new SegmentTable(name, readDictionaryFile(segmentFile(dir, name, 'dict')));
}

export function readSegment(dir: string, name: string): Segment {
  const dict = readDictionaryFile(segmentFile(dir, name, 'dict'));
  const postings = dict.postingOffsets[dict.postingOffsets.length - 1];
  const docs = readPostingFile(segmentFile(dir, name, 'doc'), MAGIC.doc, postings * 4);
  const freqs = readPostingFile(segmentFile(dir, name, 'frq'), MAGIC.frq, postings * 2);
  const segment = {
    ...dict,
    docs: new Int32Array(docs, MAGIC_BYTES, postings),
    freqs: new Uint16Array(freqs, MAGIC_BYTES, postings),
  };
  return new Segment(name, segment);
}

function readPostingFile(file: string, magic: string, bytes: number): ArrayBuffer {
  const buffer = readFileBytes(file);
  checkMagic(buffer, file, magic);
  if (buffer.byteLength !== MAGIC_BYTES + bytes) {
    throw new Error(
      `${file}: ${buffer.byteLength - MAGIC_BYTES} bytes of postings, expected ${bytes}`,
    );
  }
  return buffer;
}

/** What a written segment holds. */
export interface SegmentSummary {
  name: string;
  documents: number;
  terms: number;
  postings: number;
}

/**
 * Writes a segment's three files: `produce` streams the postings into the sink and returns
 * the dictionary, written last.
 */
export function writeSegmentFiles(
  dir: string,
  name: string,
  produce: (sink: PostingSink) => SegmentDictionary,
): SegmentSummary {
  const sink = new FileSink(dir, name);
  let dict: SegmentDictionary;
  try {
    dict = produce(sink);
  } catch (error) {
    sink.abandon();
    throw error;
  }
  sink.close();
  writeDictionary(segmentFile(dir, name, 'dict'), dict);
  return {
    name,
    documents: dict.labels.length,
    terms: dict.termOffsets.length - 1,
    postings: dict.postingOffsets[dict.postingOffsets.length - 1],
  };
}

/** Streams postings into `<name>.doc` and `<name>.frq` through fixed staging buffers. */
class FileSink implements PostingSink {
  private static readonly STAGE = 1 << 16;
  private readonly docsFd: number;
  private readonly freqsFd: number;
  private readonly docs = new Int32Array(FileSink.STAGE);
  private readonly freqs = new Uint16Array(FileSink.STAGE);
  private staged = 0;

  constructor(dir: string, name: string) {
    this.docsFd = openSync(segmentFile(dir, name, 'doc'), 'w');
    this.freqsFd = openSync(segmentFile(dir, name, 'frq'), 'w');
    writeSync(this.docsFd, Buffer.from(MAGIC.doc));
    writeSync(this.freqsFd, Buffer.from(MAGIC.frq));
  }

  writeBlock(docs: Int32Array, freqs: Uint16Array, count: number): void {
    if (this.staged + count > FileSink.STAGE) this.flush();
    this.docs.set(docs.subarray(0, count), this.staged);
    this.freqs.set(freqs.subarray(0, count), this.staged);
    this.staged += count;
  }

  close(): void {
    this.flush();
    for (const fd of [this.docsFd, this.freqsFd]) {
      fsyncSync(fd);
      closeSync(fd);
    }
  }

  /** Closes without syncing, after a failed write. */
  abandon(): void {
    closeSync(this.docsFd);
    closeSync(this.freqsFd);
  }

  private flush(): void {
    writeBytes(this.docsFd, this.docs.subarray(0, this.staged));
    writeBytes(this.freqsFd, this.freqs.subarray(0, this.staged));
    this.staged = 0;
  }
}
