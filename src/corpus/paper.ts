import { createHash } from 'node:crypto';

/** The one normalised record every reader produces and every later stage consumes. */
export interface Paper {
  id: string;
  title: string;
  abstract: string;
  authors: string[];
  categories: string[];
  /** ISO date (YYYY-MM-DD) or null when the source has none. */
  published: string | null;
  url: string | null;
  /** Bare DOI (`10.1103/PhysRevD.76.013009`), as the source spells it; compared case-insensitively. */
  doi: string | null;
  /** arXiv identifier without version (`0704.0001`, `hep-th/9901001`). */
  arxivId: string | null;
  /** Journal, proceedings or conference the paper appeared in. */
  venue: string | null;
  /** Author- or source-assigned keywords and topics. */
  keywords: string[];
}

export type PaperExtras = Pick<Paper, 'doi' | 'arxivId' | 'venue' | 'keywords'>;

/** The fields beyond the core record, empty: for sources that carry none of them. */
export function noExtras(): PaperExtras {
  return { doi: null, arxivId: null, venue: null, keywords: [] };
}

/**
 * A paper as an external record (JSON Lines corpus files, API responses): every field, in a
 * fixed order, multi-word names in snake_case as in the rest of the API.
 */
export interface PaperRecord {
  id: string;
  title: string;
  abstract: string;
  authors: string[];
  categories: string[];
  published: string | null;
  url: string | null;
  doi: string | null;
  arxiv_id: string | null;
  venue: string | null;
  keywords: string[];
}

export function paperRecord(paper: Paper): PaperRecord {
  const { id, title, abstract, authors, categories, published, url, doi, venue, keywords } = paper;
  return {
    id,
    title,
    abstract,
    authors,
    categories,
    published,
    url,
    doi,
    arxiv_id: paper.arxivId,
    venue,
    keywords,
  };
}

/** The inverse of paperRecord, for records this project wrote itself (the sample, exports). */
export function fromPaperRecord(record: PaperRecord): Paper {
  const { arxiv_id: arxivId, ...rest } = record;
  return { ...rest, arxivId };
}

/** Two whitespace characters in a row, one other than a plain space, or a space at an end. */
const UNNORMALIZED_SPACE = /\s\s|[^\S ]|^ | $/;

/**
 * Collapse runs of whitespace (including line breaks inside fields) to single spaces. Stored
 * text is already normalised and snippets re-read it on every request, so the text is only
 * rebuilt when a check (a regular expression test, much cheaper than the rebuild) finds something to change.
 */
export function normalizeWhitespace(text: string): string {
  return UNNORMALIZED_SPACE.test(text) ? text.replace(/\s+/g, ' ').trim() : text;
}

/** Lower-cased, punctuation-free form of a title, used for ids and de-duplication. */
export function normalizeTitleKey(title: string): string {
  return normalizeWhitespace(
    title
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, ' '),
  );
}

/** Stable id for records that carry none: same normalised title, same id, across runs. */
export function stableIdFromTitle(title: string): string {
  const digest = createHash('sha256').update(normalizeTitleKey(title)).digest('hex');
  return `t-${digest.slice(0, 16)}`;
}

/** Hash of every field of a record: any edit changes it. */
export function contentHash(paper: Paper): string {
  return createHash('sha256')
    .update(
      JSON.stringify([
        paper.title,
        paper.abstract,
        paper.authors,
        paper.categories,
        paper.published,
        paper.url,
        paper.doi,
        paper.arxivId,
        paper.venue,
        paper.keywords,
      ]),
    )
    .digest('hex')
    .slice(0, 32);
}

/** Text a document embedder sees: title and abstract joined by a sentence separator. */
export function documentText(paper: Pick<Paper, 'title' | 'abstract'>): string {
  return `${paper.title}. ${paper.abstract}`;
}

/**
 * Hash of the exact text an embedder sees: embeddings are checkpointed and reused by it (with
 * the embedder's fingerprint), so an edit to authors, dates or links re-embeds nothing.
 */
export function textHash(paper: Pick<Paper, 'title' | 'abstract'>): string {
  return createHash('sha256').update(documentText(paper)).digest('hex').slice(0, 32);
}
