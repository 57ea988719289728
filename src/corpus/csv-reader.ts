import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream';
import { parse, type CsvError } from 'csv-parse';
import { CorpusError, errorMessage } from './corpus-error.js';
import { FIELD_ALIASES, NO_FIELD_MAP, type FieldMap } from './field-map.js';
import { genericRecord } from './generic-records.js';
import type { CorpusEvent, ReaderOptions, SkipEvent } from './reader.js';
import { recordEvent } from './record-mapper.js';
import { assertCorpusFile } from './source-file.js';

/**
 * CSV with a header row naming the record fields (matched case-insensitively, through the same
 * aliases and `--map` as JSON). Quoted fields may hold commas and line breaks; a paper's line is
 * where its record starts. A malformed row is skipped at the line where the parser noticed the
 * fault. A header naming no known field means the file is not a paper table (or not CSV at all)
 * and is refused.
 */
interface ParsedRow {
  record: Record<string, string>;
  info: { lines: number };
}

export async function* readCsv(
  file: string,
  options: ReaderOptions = {},
): AsyncGenerator<CorpusEvent> {
  await assertCorpusFile(file);
  const skipped: SkipEvent[] = [];
  const onSkip = (error: CsvError | undefined) => {
    const line = typeof error?.lines === 'number' ? error.lines : 0;
    const reason = `malformed CSV: ${error?.message ?? 'unreadable row'}`;
    skipped.push({ kind: 'skip', reason, file, line });
  };
  let refusal: CorpusError | null = null;
  const checkHeader = (columns: string[]) => {
    refusal = headerRefusal(file, columns, options.fieldMap ?? NO_FIELD_MAP);
    return refusal === null;
  };
  const rows = pipeline(createReadStream(file), csvParser(onSkip, checkHeader), () => {});
  try {
    for await (const row of rows as AsyncIterable<ParsedRow>) {
      const line = startLine(row);
      // The parser runs ahead of this loop; release its skips in line order.
      yield* takeSkipsBefore(skipped, line);
      yield recordEvent(genericRecord(row.record, file, options).record, { file, line });
    }
  } catch (error) {
    if (refusal) throw refusal;
    throw new CorpusError(file, `CSV read failed: ${errorMessage(error)}`, { cause: error });
  }
  yield* skipped;
}

function csvParser(
  onSkip: (error: CsvError | undefined) => void,
  checkHeader: (columns: string[]) => boolean,
) {
  return parse({
    bom: true,
    columns: (header: string[]) => {
      const columns = header.map((name) => name.trim().toLowerCase());
      if (!checkHeader(columns)) throw new Error('not a paper table');
      return columns;
    },
    info: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_skip: (error) => {
      onSkip(error);
    },
  });
}

function headerRefusal(file: string, columns: string[], fieldMap: FieldMap): CorpusError | null {
  const known = new Set([...Object.values(FIELD_ALIASES).flat(), ...fieldMap.values()]);
  if (columns.some((column) => known.has(column))) return null;
  const shown = columns.slice(0, 5).join(', ');
  return new CorpusError(
    file,
    `not a CSV paper table: the header row (${shown}) names no known field; use --map field=column`,
  );
}

/** info.lines is where the record ends; step back over line breaks inside its quoted fields. */
function startLine(row: ParsedRow): number {
  const breaks = Object.values(row.record).reduce(
    (count, field) => count + (field.match(/\n/g)?.length ?? 0),
    0,
  );
  return row.info.lines - breaks;
}

function* takeSkipsBefore(skipped: SkipEvent[], line: number): Generator<SkipEvent> {
  while (skipped.length > 0 && skipped[0].line < line) yield skipped.shift() as SkipEvent;
}
