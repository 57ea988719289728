import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SUMMARY_TABLE, WORDING_TABLE } from '../src/eval/quality-report.js';
import { resultsTable, tableAt } from './helpers/markdown-tables.js';

/**
 * A table in the documentation copied from a results file is marked, on the line before it,
 * with `<!-- results: bench/results/<name>.md, "<table title>" -->`; it must equal that table.
 */
const MARKER = /^<!-- results: (bench\/results\/[\w.-]+\.md), "([^"]+)" -->$/;

const DOCUMENTS = [
  'README.md',
  ...readdirSync('docs')
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];

interface CopiedTable {
  line: number;
  file: string;
  title: string;
}

function copiedTables(document: string): CopiedTable[] {
  return readFileSync(document, 'utf8')
    .split('\n')
    .flatMap((text, i) => {
      const match = MARKER.exec(text);
      return match ? [{ line: i + 1, file: match[1], title: match[2] }] : [];
    });
}

/** The command a results file says regenerates it. */
function regenerateCommand(results: string): string {
  return /^Regenerate: `([^`]+)`\.$/m.exec(results)?.[1] ?? 'the command in bench/README.md';
}

describe('tables copied from results files', () => {
  it('include the search-quality tables in the README', () => {
    const copied = copiedTables('README.md').filter((t) => t.file === 'bench/results/quality.md');
    expect(copied.map((t) => t.title)).toEqual([SUMMARY_TABLE, WORDING_TABLE]);
  });

  for (const document of DOCUMENTS) {
    for (const copied of copiedTables(document)) {
      it(`${document}:${copied.line} equals "${copied.title}" in ${copied.file}`, () => {
        expect(existsSync(copied.file), `${copied.file} is missing`).toBe(true);
        const results = readFileSync(copied.file, 'utf8');
        const source = resultsTable(results, copied.title);
        expect(source, `${copied.file} has no table "${copied.title}"`).not.toBeNull();
        const lines = readFileSync(document, 'utf8').split('\n');
        expect(
          tableAt(lines, copied.line),
          `${document}:${copied.line} differs from ${copied.file}; copy the table from there ` +
            `(\`${regenerateCommand(results)}\` regenerates the file)`,
        ).toEqual(source);
      });
    }
  }
});
