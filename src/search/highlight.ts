import { normalizeWhitespace } from '../corpus/paper.js';
import { analyze } from '../embed/text-analyzer.js';
import { SNIPPET_CHARS } from './snippet.js';

/**
 * Highlighted text for display: HTML in which the words matching the wanted stems are
 * wrapped in <mark>…</mark> and everything else is escaped, so a page may insert it as
 * markup without risk. `matched` maps each wanted stem found anywhere in the text (not only
 * in the shown part) to its first matching word, lower-cased.
 */
export interface Highlighted {
  html: string;
  matched: Map<string, string>;
}

/** A word of the text by its offsets, with the analyser's terms for it. */
interface Word {
  start: number;
  end: number;
  stems: string[];
}

/**
 * The analyser's word shape: letters and digits, joined by hyphens or apostrophes. Only the
 * offsets are found here; each word is analysed by the shared analyser, so a word is marked
 * exactly when the analyser makes a wanted term of it.
 */
const WORD = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu;

function wordsOf(text: string): Word[] {
  return [...text.matchAll(WORD)].map((m) => ({
    start: m.index,
    end: m.index + m[0].length,
    stems: analyze(m[0]),
  }));
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** The whole text, marked. */
export function highlightAll(text: string, stems: ReadonlySet<string>): Highlighted {
  const clean = normalizeWhitespace(text);
  const words = wordsOf(clean);
  return {
    html: render(clean, words, 0, clean.length, stems),
    matched: matches(clean, words, stems),
  };
}

/**
 * A window of at most `max` characters of the text (ellipses added where cut) placed to
 * show as many distinct wanted stems as possible, earliest such window first, marked.
 */
export function highlightSnippet(
  text: string,
  stems: ReadonlySet<string>,
  max = SNIPPET_CHARS,
): Highlighted {
  const clean = normalizeWhitespace(text);
  const words = wordsOf(clean);
  const matched = matches(clean, words, stems);
  if (clean.length <= max || words.length === 0) {
    return { html: render(clean, words, 0, clean.length, stems), matched };
  }
  let best = { from: 0, count: -1 };
  for (let from = 0; from < words.length; from++) {
    const seen = new Set<string>();
    for (let i = from; i < words.length && words[i].end - words[from].start <= max; i++) {
      for (const s of words[i].stems) if (stems.has(s)) seen.add(s);
    }
    // Ties keep the earlier window, so an abstract matching nowhere shows its beginning.
    if (seen.size > best.count) best = { from, count: seen.size };
  }
  const start = best.from === 0 ? 0 : words[best.from].start;
  let last = best.from;
  while (last + 1 < words.length && words[last + 1].end - start <= max) last++;
  // A single word longer than the window is cut mid-word rather than dropped.
  const end = words[last].end - start <= max ? words[last].end : start + max;
  return { html: render(clean, words, start, end, stems), matched };
}

function isWanted(word: Word, stems: ReadonlySet<string>): boolean {
  return word.stems.some((s) => stems.has(s));
}

function matches(text: string, words: readonly Word[], stems: ReadonlySet<string>) {
  const matched = new Map<string, string>();
  for (const word of words) {
    for (const s of word.stems) {
      if (stems.has(s) && !matched.has(s)) {
        matched.set(s, text.slice(word.start, word.end).toLowerCase());
      }
    }
  }
  return matched;
}

/** Escaped text[start, end) with wanted words marked, ellipses where the text was cut. */
function render(
  text: string,
  words: readonly Word[],
  start: number,
  end: number,
  stems: ReadonlySet<string>,
): string {
  let html = start > 0 ? '…' : '';
  let at = start;
  for (const word of words) {
    if (word.start < start || word.end > end || !isWanted(word, stems)) continue;
    const surface = text.slice(word.start, word.end);
    html += `${escapeHtml(text.slice(at, word.start))}<mark>${escapeHtml(surface)}</mark>`;
    at = word.end;
  }
  html += escapeHtml(text.slice(at, end));
  return end < text.length ? `${html}…` : html;
}
