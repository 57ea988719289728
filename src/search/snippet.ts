import { normalizeWhitespace } from '../corpus/paper.js';

export const SNIPPET_CHARS = 240;

/** The start of an abstract, cut at a word boundary with an ellipsis when shortened. */
export function snippet(text: string, max = SNIPPET_CHARS): string {
  const clean = normalizeWhitespace(text);
  if (clean.length <= max) return clean;
  const head = clean.slice(0, max);
  const lastSpace = head.lastIndexOf(' ');
  // A single very long token (a URL, a formula) is cut mid-word rather than dropped.
  const cut = lastSpace > max / 2 ? head.slice(0, lastSpace) : head;
  return `${cut.replace(/[\s,;:.-]+$/u, '')}…`;
}
