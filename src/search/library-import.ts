import { readBibtexRecords } from '../corpus/bibtex-reader.js';
import { CorpusError } from '../corpus/corpus-error.js';
import type { RecordEvent } from '../corpus/reader.js';
import { readRisRecords } from '../corpus/ris-reader.js';
import type { UnmatchedReference } from './library.js';
import { referenceFromRecord, type LibraryReference } from './library-reference.js';

/** Reference-manager files a library may be sent as. */
export const LIBRARY_FORMATS = ['bibtex', 'ris'] as const;
export type LibraryFormat = (typeof LIBRARY_FORMATS)[number];

const READERS: Record<
  LibraryFormat,
  (source: { name: string; text: string }) => AsyncIterable<RecordEvent>
> = {
  bibtex: readBibtexRecords,
  ris: readRisRecords,
};

/** The name reports give the text, so a reason reads like a file's. */
const SOURCE_NAMES: Record<LibraryFormat, string> = { bibtex: 'library.bib', ris: 'library.ris' };

/** A library's references, and the entries that could not be read (each with its line). */
export interface ImportedLibrary {
  references: LibraryReference[];
  unreadable: UnmatchedReference[];
}

/** More references than one request may hold. */
export class LibraryTooLargeError extends Error {
  override name = 'LibraryTooLargeError';

  constructor(readonly limit: number) {
    super(`the library holds more than ${limit} references; send at most ${limit} per request`);
  }
}

/** Text that is not in the format it was sent as. */
export class LibraryFormatError extends Error {
  override name = 'LibraryFormatError';
}

/**
 * Reads a BibTeX or RIS library with the project's own readers. Entries are numbered in file
 * order; a malformed entry is reported at its line and the rest are read; BibTeX's @string,
 * @preamble and @comment are syntax, not references. Stops as soon as the limit is passed.
 */
export async function readLibraryText(
  text: string,
  format: LibraryFormat,
  maxReferences: number,
): Promise<ImportedLibrary> {
  const imported: ImportedLibrary = { references: [], unreadable: [] };
  let index = 0;
  try {
    for await (const event of READERS[format]({ name: SOURCE_NAMES[format], text })) {
      if (event.kind === 'skip' && event.directive) continue;
      if (index === maxReferences) throw new LibraryTooLargeError(maxReferences);
      if (event.kind === 'skip') {
        const { reason, line } = event;
        imported.unreadable.push({ index, reference: null, reason, line });
      } else {
        imported.references.push(
          referenceFromRecord(event.record, event.sourceKey, index, event.line),
        );
      }
      index += 1;
    }
  } catch (error) {
    if (error instanceof CorpusError) throw new LibraryFormatError(error.message);
    throw error;
  }
  return imported;
}
