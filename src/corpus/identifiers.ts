/**
 * DOIs and arXiv identifiers arrive as bare ids, prefixed ids ("doi:", "arXiv:") and resolver or
 * abstract-page links; these reduce them to the bare forms Paper stores.
 */
const DOI_PREFIX = /^(?:https?:\/\/(?:dx\.)?doi\.org\/|doi:\s*)/i;
const ARXIV_PREFIX = /^(?:https?:\/\/(?:www\.|export\.)?arxiv\.org\/(?:abs|pdf)\/|arxiv:\s*)/i;
/** 2101.00001 (since 2007) or hep-th/9901001 (before), each with an optional version. */
const ARXIV_ID = /^(\d{4}\.\d{4,5}|[a-z-]+(?:\.[a-z]{2})?\/\d{7})(?:v\d+)?$/i;
/** arXiv registers a DataCite DOI for every paper: 10.48550/arXiv.<id>. */
const ARXIV_DOI = /^10\.48550\/arxiv\.(.+)$/i;
/** "arXiv preprint arXiv:1706.03762" and the like, as Google Scholar writes the journal. */
const ARXIV_MENTION = /\barxiv:\s*(\d{4}\.\d{4,5}|[a-z-]+(?:\.[a-z]{2})?\/\d{7})(?:v\d+)?\b/i;

/** `https://doi.org/10.1/x`, `doi:10.1/x` and `10.1/x` all name the DOI `10.1/x`. */
export function bareDoi(doi: string | null): string | null {
  if (!doi) return null;
  return doi.trim().replace(DOI_PREFIX, '') || null;
}

/** The arXiv id without prefix, link or version; an unrecognised shape is kept as written. */
export function bareArxivId(value: string | null): string | null {
  if (!value) return null;
  const text = value
    .trim()
    .replace(ARXIV_PREFIX, '')
    .replace(/\.pdf$/i, '');
  return ARXIV_ID.exec(text)?.[1] ?? (text || null);
}

/** The arXiv id a DOI of arXiv's own (10.48550/arXiv.…) encodes, else null. */
export function arxivIdFromDoi(doi: string | null): string | null {
  const match = doi ? ARXIV_DOI.exec(doi) : null;
  return match ? bareArxivId(match[1]) : null;
}

/** The arXiv id a link or a citation string mentions, else null. */
export function arxivIdIn(text: string | null | undefined): string | null {
  if (!text) return null;
  const link = /arxiv\.org\/(?:abs|pdf)\/([^\s?#]+)/i.exec(text);
  if (link) return ARXIV_ID.exec(link[1].replace(/\.pdf$/i, ''))?.[1] ?? null;
  return ARXIV_MENTION.exec(text)?.[1] ?? null;
}

export function doiLink(doi: string): string {
  return `https://doi.org/${doi}`;
}

export function arxivLink(arxivId: string): string {
  return `https://arxiv.org/abs/${arxivId}`;
}
