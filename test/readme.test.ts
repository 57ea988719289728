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

/**
 * Every number in the README's Performance section must occur in a results file that its
 * block links: a block starts at a paragraph opening with a bold title, and a link to the
 * results folder stands for every file in it. This cannot tell a number copied to the wrong
 * row, but it catches a figure that no run produced, or one rounded differently from its file.
 */
describe("the README's Performance figures", () => {
  const NUMBER = /\d+(?:[.,]\d+)*/g;
  /** In prose a digit glued to a letter is part of a name (all-MiniLM-L6-v2, p99), not a figure. */
  const FIGURE = /(?<![\w.])\d+(?:[.,]\d+)*/g;
  const RESULTS_LINK = /\]\((bench\/results\/[\w.-]*)\)/g;
  const plain = (token: string) => token.replace(/,/g, '');

  function section(markdown: string, heading: string): string {
    const start = markdown.indexOf(`\n## ${heading}\n`);
    const end = markdown.indexOf('\n## ', start + 1);
    return markdown.slice(start, end === -1 ? undefined : end);
  }

  function numbersIn(file: string): Set<string> {
    return new Set((readFileSync(file, 'utf8').match(NUMBER) ?? []).map(plain));
  }

  function linkedFiles(paragraph: string): string[] {
    return [...paragraph.matchAll(RESULTS_LINK)].flatMap(([, target]) =>
      target.endsWith('/')
        ? readdirSync(target)
            .filter((name) => name.endsWith('.md'))
            .map((name) => `${target}${name}`)
        : [target],
    );
  }

  it('each occur in a results file the text links', () => {
    const paragraphs = section(readFileSync('README.md', 'utf8'), 'Performance').split(/\n\n+/);
    const orphans: string[] = [];
    let sources: string[] = [];
    for (const paragraph of paragraphs) {
      if (paragraph.startsWith('**')) sources = [];
      sources = [...sources, ...linkedFiles(paragraph)];
      const known = new Set(sources.flatMap((file) => [...numbersIn(file)]));
      const prose = paragraph.replace(/\]\([^)]*\)/g, ']');
      for (const token of prose.match(FIGURE) ?? []) {
        if (!known.has(plain(token))) {
          orphans.push(`${token} (in "${prose.slice(0, 60).replace(/\n/g, ' ')}…")`);
        }
      }
    }
    expect(sources.length).toBeGreaterThan(0);
    expect(
      orphans,
      'figures in the README must be copied from the bench/results files their paragraph links',
    ).toEqual([]);
  });
});
