import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream';
import { parse, type CsvError } from 'csv-parse';
import { CorpusError, errorMessage } from './corpus-error.js';
import type { CorpusEvent } from './reader.js';
import { recordEvent } from './record-mapper.js';
import { assertCorpusFile } from './source-file.js';

/**
 * CSV with a header row naming the record fields (matched case-insensitively: Title, Abstract,
 * Authors, …). Quoted fields may hold commas and line breaks; a paper's line is where its record
 * starts. A malformed row is skipped at the line where the parser noticed the fault.
 */
interface ParsedRow {
  record: Record<string, string>;
  info: { lines: number };
}

type SkipEvent = Extract<CorpusEvent, { kind: 'skip' }>;

export async function* readCsv(file: string): AsyncGenerator<CorpusEvent> {
  await assertCorpusFile(file);
  const skipped: SkipEvent[] = [];
  const onSkip = (error: CsvError | undefined) => {
    const line = typeof error?.lines === 'number' ? error.lines : 0;
    const reason = `malformed CSV: ${error?.message ?? 'unreadable row'}`;
    skipped.push({ kind: 'skip', reason, file, line });
  };
  const rows = pipeline(createReadStream(file), csvParser(onSkip), () => {});
  try {
    for await (const row of rows as AsyncIterable<ParsedRow>) {
      const line = startLine(row);
      // The parser runs ahead of this loop; release its skips in line order.
      yield* takeSkipsBefore(skipped, line);
      yield recordEvent(row.record, { file, line });
    }
  } catch (error) {
    throw new CorpusError(file, `CSV read failed: ${errorMessage(error)}`, { cause: error });
  }
  yield* skipped;
}

function csvParser(onSkip: (error: CsvError | undefined) => void) {
  return parse({
    bom: true,
    columns: (header: string[]) => header.map((name) => name.trim().toLowerCase()),
    info: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_skip: (error) => {
      onSkip(error);
    },
  });
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
