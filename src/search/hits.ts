import type { Paper } from '../corpus/paper.js';
import type { StoredPaper } from '../index/record-store.js';
import type { Explanation } from './explain.js';
import { snippet } from './snippet.js';

/** One result as every ranking endpoint returns it: what an export and the page need. */
export interface SearchHit {
  id: string;
  title: string;
  authors: string[];
  published: string | null;
  url: string | null;
  categories: string[];
  doi: string | null;
  arxiv_id: string | null;
  venue: string | null;
  keywords: string[];
  /**
   * How well the paper matches, comparable across queries: its cosine similarity (semantic),
   * its share of the query's BM25 ceiling in [0, 1] (lexical), or the mean of the two, each
   * counted 0 where the paper is not among that ranking's best (hybrid).
   */
  score: number;
  snippet: string;
  /** Present when asked for with `explain`. */
  explain?: Explanation;
}

/** The record as read in, without what the store adds (label, hashes). */
export function withoutStorage(stored: StoredPaper): Paper {
  const { id, title, abstract, authors, categories, published, url } = stored;
  const { doi, arxivId, venue, keywords } = stored;
  return {
    id,
    title,
    abstract,
    authors,
    categories,
    published,
    url,
    doi,
    arxivId,
    venue,
    keywords,
  };
}

export function toHit(paper: StoredPaper, score: number): SearchHit {
  return {
    id: paper.id,
    title: paper.title,
    authors: paper.authors,
    published: paper.published,
    url: paper.url,
    categories: paper.categories,
    doi: paper.doi,
    arxiv_id: paper.arxivId,
    venue: paper.venue,
    keywords: paper.keywords,
    score,
    snippet: snippet(paper.abstract),
  };
}
