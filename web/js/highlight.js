// @ts-check
// Matching words shown in <mark>, built from text nodes only: paper text is never parsed as
// HTML, so a title or abstract containing markup shows as the characters it is.

const WORD = /[\p{L}\p{N}]+/gu;
const STOPWORDS = new Set(
  'a an and are as at be by for from in into is it of on or that the this to with via using'.split(
    ' ',
  ),
);
/** Endings dropped so "quantization" also marks "quantized" and "models" marks "modeling". */
const ENDINGS = /(?:ations?|ings?|ies|ed|es|s)$/u;

/** @param {string} word */
const stemOf = (word) => {
  const lower = word.toLowerCase();
  const stem = lower.replace(ENDINGS, '');
  // A stem this short would mark unrelated words ("speed" -> "spe").
  return stem.length >= 4 ? stem : lower;
};

/**
 * The query's content words, reduced to the prefixes a matching word starts with.
 * @param {string} query
 * @returns {string[]}
 */
export function queryTerms(query) {
  const words = (query.match(WORD) ?? []).filter(
    (w) => w.length > 1 && !STOPWORDS.has(w.toLowerCase()),
  );
  return [...new Set(words.map(stemOf))];
}

/**
 * Appends `text` to `parent`, the words starting with one of `terms` wrapped in <mark>.
 * @param {Element} parent
 * @param {string} text
 * @param {string[]} terms
 */
export function appendHighlighted(parent, text, terms) {
  if (terms.length === 0) {
    parent.append(text);
    return;
  }
  let at = 0;
  for (const match of text.matchAll(WORD)) {
    const word = match[0].toLowerCase();
    if (!terms.some((term) => word.startsWith(term))) continue;
    parent.append(text.slice(at, match.index), mark(match[0]));
    at = match.index + match[0].length;
  }
  parent.append(text.slice(at));
}

/** @type {Record<string, string>} */
const ENTITIES = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

/**
 * Appends the server's highlighted markup (escaped text with <mark>…</mark> around matches)
 * without innerHTML: split at the mark tags, the five escapes decoded, the rest kept as text.
 * @param {Element} parent
 * @param {string} html
 */
export function appendMarkup(parent, html) {
  let marked = false;
  for (const part of html.split(/(<\/?mark>)/)) {
    if (part === '<mark>' || part === '</mark>') {
      marked = part === '<mark>';
      continue;
    }
    const text = part.replace(/&(?:amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity]);
    if (text) parent.append(marked ? mark(text) : text);
  }
}

/** @param {string} text */
function mark(text) {
  const element = document.createElement('mark');
  element.textContent = text;
  return element;
}
