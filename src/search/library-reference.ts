import { arxivIdFromDoi, arxivIdIn, bareArxivId, bareDoi } from '../corpus/identifiers.js';
import { normalizeWhitespace } from '../corpus/paper.js';
import type { LooseRecord } from '../corpus/record-mapper.js';

/**
 * One paper of a reader's library, as the client named it: any of an index id, a DOI, an
 * arXiv id and a title, and the abstract when there is one (a paper the index lacks is then
 * embedded on the fly). Identifiers are reduced to the bare forms papers are stored with.
 */
export interface LibraryReference {
  /** Its place in the library as sent (0-based): responses refer to references by it. */
  index: number;
  /** Named by one string (an identifier or a title), or given as a record that may hold more. */
  kind: 'name' | 'record';
  id: string | null;
  doi: string | null;
  arxivId: string | null;
  title: string | null;
  abstract: string | null;
  /** The line an imported reference starts on in its BibTeX or RIS text. */
  line?: number;
}

/** A reference as a JSON client sends it, in the field names of the paper records. */
export interface ReferenceObject {
  id?: string | null;
  doi?: string | null;
  arxiv_id?: string | null;
  title?: string | null;
  abstract?: string | null;
}

const BARE_DOI = /^10\.\d{4,9}\/\S+$/;
/** 2101.00001 or hep-th/9901001, with an optional version. */
const BARE_ARXIV_ID = /^(?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[a-z]{2})?\/\d{7})(?:v\d+)?$/i;
const DOI_LINK = /^https?:\/\/(?:dx\.)?doi\.org\//i;

/**
 * A reference written as one string: `doi:10.…` or a DOI link, `arxiv:…` or an arXiv link, a
 * bare DOI, or else an index id or a title (both are tried, the id first; a bare arXiv id is
 * tried as one too).
 */
export function referenceFromString(text: string, index: number): LibraryReference {
  const value = normalizeWhitespace(text);
  const none = {
    index,
    kind: 'name' as const,
    id: null,
    doi: null,
    arxivId: null,
    title: null,
    abstract: null,
  };
  if (/^doi:/i.test(value) || DOI_LINK.test(value) || BARE_DOI.test(value)) {
    return { ...none, doi: bareDoi(value) };
  }
  if (/^arxiv:/i.test(value)) return { ...none, arxivId: bareArxivId(value) };
  const linked = arxivIdIn(value);
  if (linked && /^https?:/i.test(value)) return { ...none, arxivId: linked };
  const arxivId = BARE_ARXIV_ID.test(value) ? bareArxivId(value) : null;
  return { ...none, id: value, arxivId, title: value };
}

/** A reference sent as an object (`{doi, title, abstract, …}`). */
export function referenceFromObject(object: ReferenceObject, index: number): LibraryReference {
  return referenceFromRecord(object, null, index);
}

/**
 * A reference read from a BibTeX entry or a RIS record, under the mapper's field names. The
 * source's own key (a RIS `ID`, as this project's export writes the paper id) is tried as an id.
 */
export function referenceFromRecord(
  record: LooseRecord,
  sourceKey: string | null,
  index: number,
  line?: number,
): LibraryReference {
  const doi = bareDoi(text(record.doi));
  return {
    index,
    kind: 'record',
    id: text(record.id) ?? sourceKey,
    doi,
    arxivId: bareArxivId(text(record.arxiv_id)) ?? arxivIdFromDoi(doi),
    title: text(record.title),
    abstract: text(record.abstract),
    ...(line === undefined ? {} : { line }),
  };
}

/** How a reference is shown in messages: its first identifier, else its title. */
export function describeReference(ref: LibraryReference): string {
  if (ref.doi) return `doi:${ref.doi}`;
  if (ref.arxivId) return `arxiv:${ref.arxivId}`;
  return ref.id ?? ref.title ?? `reference ${ref.index + 1}`;
}

function text(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  return normalizeWhitespace(value.normalize('NFC')) || null;
}
