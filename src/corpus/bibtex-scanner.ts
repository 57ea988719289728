import type { NumberedLine } from './source-file.js';

/**
 * Splits a BibTeX file into its top-level entries while streaming its lines, so each entry can
 * be parsed on its own: a proceedings volume of thousands of entries never sits in memory whole,
 * and one malformed entry costs only itself. An entry runs from `@type{` (or `@type(`) to the
 * brace (or parenthesis) that closes it; text between entries is a comment to BibTeX and is
 * ignored. An entry still open when a line starts a new one, or when the file ends, has
 * unbalanced braces: it is reported as unterminated and scanning resumes at the new entry.
 */
export type BibChunk =
  | { kind: 'entry'; type: string; text: string; line: number }
  | { kind: 'unterminated'; type: string; line: number; before: number | null };

/** `@article{`, `@String (` … at the start of a piece of text. */
const ENTRY_START = /@\s*([A-Za-z][\w-]*)\s*([{(])/y;
/** A line that begins a new entry: where an unterminated one is given up. */
const LINE_STARTS_ENTRY = /^\s*@\s*[A-Za-z][\w-]*\s*[{(]/;

interface OpenEntry {
  type: string;
  line: number;
  closer: '}' | ')';
  depth: number;
  parts: string[];
}

export async function* scanBibtex(lines: AsyncIterable<NumberedLine>): AsyncGenerator<BibChunk> {
  let open: OpenEntry | null = null;
  for await (const { text, line } of lines) {
    if (open && LINE_STARTS_ENTRY.test(text)) {
      yield { kind: 'unterminated', type: open.type, line: open.line, before: line };
      open = null;
    }
    let position = 0;
    while (position <= text.length) {
      if (!open) {
        const start = findEntryStart(text, position);
        if (!start) break;
        open = { type: start.type, line, closer: start.closer, depth: 0, parts: [] };
        position = start.index;
      }
      const end = scanToClose(open, text, position);
      if (end === null) {
        open.parts.push(text.slice(position), '\n');
        break;
      }
      open.parts.push(text.slice(position, end));
      yield { kind: 'entry', type: open.type, text: open.parts.join(''), line: open.line };
      open = null;
      position = end;
    }
  }
  if (open) yield { kind: 'unterminated', type: open.type, line: open.line, before: null };
}

function findEntryStart(
  text: string,
  from: number,
): { type: string; closer: '}' | ')'; index: number } | null {
  for (let at = text.indexOf('@', from); at >= 0; at = text.indexOf('@', at + 1)) {
    ENTRY_START.lastIndex = at;
    const match = ENTRY_START.exec(text);
    if (match)
      return { type: match[1].toLowerCase(), closer: match[2] === '{' ? '}' : ')', index: at };
  }
  return null;
}

/**
 * Advances through `text` from `from`, counting braces (a backslash-escaped brace is text), and
 * returns the index just past the entry's closing delimiter, or null when the line ends first.
 */
function scanToClose(open: OpenEntry, text: string, from: number): number | null {
  for (let index = from; index < text.length; index += 1) {
    const char = text[index];
    if (char === '\\') {
      index += 1;
    } else if (char === '{') {
      open.depth += 1;
    } else if (char === '}') {
      open.depth -= 1;
      if (open.closer === '}' && open.depth === 0) return index + 1;
    } else if (char === ')' && open.closer === ')' && open.depth === 0) {
      return index + 1;
    }
  }
  return null;
}
