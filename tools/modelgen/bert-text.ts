/**
 * The text pipeline the generated tokenizer.json declares (BertNormalizer with lowercasing,
 * then BertPreTokenizer), reimplemented so the vocabulary is built from exactly the words the
 * tokenizer will later look up.
 */

// The punctuation class the tokenizers library splits on: Unicode punctuation plus every ASCII
// symbol, so `$`, `+`, `<` and friends become tokens of their own as in BERT.
const PUNCTUATION = '\\p{P}\\u0021-\\u002F\\u003A-\\u0040\\u005B-\\u0060\\u007B-\\u007E';
const PRE_TOKEN = new RegExp(`[^\\s${PUNCTUATION}]+|[${PUNCTUATION}]`, 'gu');
const CONTROL = /^(?:\p{Cc}|\p{Cf}|\p{Co}|\p{Cs})$/u;
const COMBINING_MARK = /\p{Mn}/gu;

function isChineseChar(cp: number): boolean {
  return (
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x20000 && cp <= 0x2a6df) ||
    (cp >= 0x2a700 && cp <= 0x2b73f) ||
    (cp >= 0x2b740 && cp <= 0x2b81f) ||
    (cp >= 0x2b820 && cp <= 0x2ceaf) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0x2f800 && cp <= 0x2fa1f)
  );
}

/** Tab, newline and carriage return count as whitespace, not as control characters. */
function isControl(char: string): boolean {
  return char !== '\t' && char !== '\n' && char !== '\r' && CONTROL.test(char);
}

/** Drops control characters and turns every whitespace character into a plain space. */
function cleanText(text: string): string {
  let out = '';
  for (const char of text) {
    const cp = char.charCodeAt(0);
    if (cp === 0 || cp === 0xfffd || isControl(char)) continue;
    out += /^\s$/.test(char) ? ' ' : char;
  }
  return out;
}

/** Surrounds CJK ideographs with spaces so each becomes a word of its own. */
function spaceChineseChars(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    out += isChineseChar(char.charCodeAt(0)) ? ` ${char} ` : char;
  }
  return out;
}

/** BertNormalizer(clean_text, handle_chinese_chars, lowercase, strip_accents follows lowercase). */
export function normalizeBertText(text: string): string {
  const lowered = spaceChineseChars(cleanText(text)).toLowerCase();
  return lowered.normalize('NFD').replace(COMBINING_MARK, '');
}

/** BertPreTokenizer: runs of non-space, non-punctuation characters, and single punctuation marks. */
export function preTokenize(normalized: string): string[] {
  return normalized.trim().match(PRE_TOKEN) ?? [];
}

/** Words of a raw text exactly as the generated tokenizer would see them before WordPiece. */
export function bertWords(text: string): string[] {
  return preTokenize(normalizeBertText(text));
}
