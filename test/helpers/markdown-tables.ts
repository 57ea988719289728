/** A pipe table's cells, header row first, without the separator row; cells trimmed. */
export type Cells = string[][];

const isRow = (line: string) => line.trimStart().startsWith('|');
const isSeparator = (cells: string[]) => cells.every((cell) => /^:?-+:?$/.test(cell));

function cellsOf(line: string): string[] {
  return line
    .trim()
    .replace(/^\||\|$/g, '')
    .split('|')
    .map((cell) => cell.trim());
}

/** The first pipe table at or after line `from` (blank lines before it allowed). */
export function tableAt(lines: readonly string[], from: number): Cells {
  let at = from;
  while (at < lines.length && lines[at].trim() === '') at++;
  const rows: Cells = [];
  for (; at < lines.length && isRow(lines[at]); at++) {
    const cells = cellsOf(lines[at]);
    if (!isSeparator(cells)) rows.push(cells);
  }
  return rows;
}

/** The table under the `## title` heading of a results file written by the benchmarks. */
export function resultsTable(markdown: string, title: string): Cells | null {
  const lines = markdown.split('\n');
  const heading = lines.indexOf(`## ${title}`);
  return heading === -1 ? null : tableAt(lines, heading + 1);
}
