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
}

/** Two whitespace characters in a row, one other than a plain space, or a space at an end. */
const UNNORMALIZED_SPACE = /\s\s|[^\S ]|^ | $/;

/**
 * Collapse runs of whitespace (including line breaks inside fields) to single spaces. Stored
 * text is already normalised and snippets re-read it on every request, so the text is only
 * rebuilt when a check (about five times cheaper than the rebuild) finds something to change.
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

/** Hash of everything that affects a paper's embedding and stored record. */
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
      ]),
    )
    .digest('hex')
    .slice(0, 32);
}

/** Text a document embedder sees: title and abstract joined by a sentence separator. */
export function documentText(paper: Pick<Paper, 'title' | 'abstract'>): string {
  return `${paper.title}. ${paper.abstract}`;
}
