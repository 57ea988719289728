/**
 * Recognises a line of another corpus format's markup, so the plain-text listing reader can
 * refuse a file that is really BibTeX, RIS, JSON, XML or CSV instead of turning its markup into
 * "papers" titled `@Proceedings{MIDL-2026,`.
 */
const MARKS: readonly { kind: string; test: (line: string) => boolean }[] = [
  { kind: 'BibTeX', test: (line) => /^@\s*[A-Za-z][\w-]*\s*[{(]/.test(line) },
  { kind: 'BibTeX', test: (line) => /^[A-Za-z][\w-]*\s*=\s*(?:\{.*\}|".*"|\d+),?$/.test(line) },
  { kind: 'RIS', test: (line) => /^[A-Z][A-Z0-9] {2}- /.test(line) },
  // "[Re] …" is a real title (reproducibility reports); a JSON line opens a string or value.
  { kind: 'JSON', test: (line) => /^(?:\{\s*(?:"|$)|\[\s*(?:[[{"\d-]|$))/.test(line) },
  { kind: 'XML', test: (line) => /^<[?!A-Za-z]/.test(line) },
  { kind: 'CSV', test: isCsvHeader },
];

const HEADER_FIELDS = /^"?(?:id|title|abstract|authors?|doi|url|year|date|published)"?$/i;

/** The format whose markup the line is, or null for plain text. */
export function markupKind(line: string): string | null {
  const text = line.trim();
  return MARKS.find((mark) => mark.test(text))?.kind ?? null;
}

/** "id,title,abstract,…": three or more comma-separated cells, two of them paper field names. */
function isCsvHeader(line: string): boolean {
  const cells = line.split(/[,;\t]/).map((cell) => cell.trim());
  return cells.length >= 3 && cells.filter((cell) => HEADER_FIELDS.test(cell)).length >= 2;
}
