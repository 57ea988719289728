import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { describeMachine, type MachineInfo } from './machine.js';

export type Cell = string | number | null;

export interface Table {
  title: string;
  columns: string[];
  rows: Cell[][];
}

/** Everything one benchmark run found, as written to bench/results/<name>.{md,json}. */
export interface BenchResult {
  name: string;
  title: string;
  quick: boolean;
  /** Names a partial run (other sizes or engines) so it gets files of its own. */
  tag?: string;
  /** The command that regenerates these files. */
  command: string;
  startedAt: string;
  seconds: number;
  machine: MachineInfo;
  /** 1-minute load average before and after: timings taken under load are not comparable. */
  load: { before: number; after: number };
  parameters: Record<string, unknown>;
  tables: Table[];
  notes: string[];
  /** The raw measurements behind the tables, where they are worth keeping: JSON only. */
  data?: unknown;
  /** A chart of the tables, written beside them as `<name>.svg` and shown in the markdown. */
  figure?: Figure;
}

export interface Figure {
  title: string;
  svg: string;
}

/** Integers as is, other numbers to `digits` significant places; null becomes a dash. */
export function formatCell(value: Cell, digits = 3): string {
  if (value === null) return '–';
  if (typeof value === 'string') return value;
  if (Number.isInteger(value)) return String(value);
  return Math.abs(value) >= 10 ** digits
    ? value.toFixed(0)
    : String(Number(value.toPrecision(digits)));
}

/** Space-aligned table for the terminal. */
export function renderText(table: Table): string {
  const cells = [table.columns, ...table.rows.map((row) => row.map((c) => formatCell(c)))];
  const widths = table.columns.map((_, i) => Math.max(...cells.map((row) => row[i].length)));
  const line = (row: string[]) => row.map((c, i) => c.padStart(widths[i])).join('  ');
  return [table.title, line(cells[0]), ...cells.slice(1).map(line)].join('\n');
}

export function renderMarkdown(result: BenchResult, figureFile?: string): string {
  const out = [
    `# ${result.title}${result.quick ? ' (quick)' : ''}`,
    '',
    `Machine: ${describeMachine(result.machine)}.`,
    `Libraries: ${Object.entries(result.machine.libraries)
      .map(([name, version]) => `${name} ${version}`)
      .join(', ')}.`,
    `Run ${result.startedAt}, ${result.seconds.toFixed(0)} s; 1-minute load average ` +
      `${result.load.before} before, ${result.load.after} after (${result.machine.cores} cores).`,
    `Regenerate: \`${result.command}\`.`,
    '',
    `Parameters: \`${JSON.stringify(result.parameters)}\``,
  ];
  if (result.figure && figureFile) out.push('', `![${result.figure.title}](${figureFile})`);
  for (const table of result.tables) {
    out.push('', `## ${table.title}`, '', `| ${table.columns.join(' | ')} |`);
    out.push(`|${table.columns.map(() => ' ---: ').join('|')}|`);
    for (const row of table.rows) out.push(`| ${row.map((c) => formatCell(c)).join(' | ')} |`);
  }
  if (result.notes.length) out.push('', '## Notes', '', ...result.notes.map((n) => `- ${n}`));
  return `${out.join('\n')}\n`;
}

/**
 * Quick runs go to `<name>-quick.*` and tagged runs to `<name>-<tag>.*`, so neither replaces
 * the committed full results.
 */
export function writeResult(result: BenchResult, dir: string): Promise<string[]> {
  const suffix = [result.quick ? 'quick' : '', result.tag ?? ''].filter(Boolean);
  return writeResultFiles(result, join(dir, [result.name, ...suffix].join('-')));
}

/** Writes `<base>.md` and its JSON twin `<base>.json`, and `<base>.svg` for a figure. */
export async function writeResultFiles(result: BenchResult, base: string): Promise<string[]> {
  await mkdir(dirname(base), { recursive: true });
  const { figure, ...rest } = result;
  await writeFile(`${base}.json`, `${JSON.stringify(rest, null, 2)}\n`);
  if (!figure) {
    await writeFile(`${base}.md`, renderMarkdown(result));
    return [`${base}.md`, `${base}.json`];
  }
  await writeFile(`${base}.svg`, figure.svg);
  await writeFile(`${base}.md`, renderMarkdown(result, `${basename(base)}.svg`));
  return [`${base}.md`, `${base}.json`, `${base}.svg`];
}
