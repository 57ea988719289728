import { loadAverage, machineInfo } from './machine.js';
import { renderText, type BenchResult, type Figure, type Table } from './report.js';

/** What a measurement hands back; `collectResult` adds machine, timing and load. */
export interface ResultOutcome {
  parameters: Record<string, unknown>;
  tables: Table[];
  notes: string[];
  /** Raw measurements behind the tables, kept in the JSON file. */
  data?: unknown;
  /** A chart written beside the results as `<name>.svg`. */
  figure?: Figure;
}

/** The options every results file records: a quick run and a tag get files of their own. */
export interface ResultOptions {
  quick: boolean;
  tag?: string;
}

/** A named measurement that produces one results file. */
export interface ResultSource<O extends ResultOptions> {
  name: string;
  title: string;
  run(options: O, log: (line: string) => void): Promise<ResultOutcome>;
}

/**
 * Runs `source` and returns its outcome with the machine, the time taken, the load average
 * around it and the command that regenerates it.
 */
export async function collectResult<O extends ResultOptions>(
  source: ResultSource<O>,
  options: O,
  command: string,
  log: (line: string) => void,
): Promise<BenchResult> {
  const startedAt = new Date();
  const before = loadAverage();
  log(`== ${source.title}${options.quick ? ' (quick)' : ''}: load average ${before}`);
  const outcome = await source.run(options, log);
  const result: BenchResult = {
    name: source.name,
    title: source.title,
    quick: options.quick,
    tag: options.tag,
    command,
    startedAt: startedAt.toISOString(),
    seconds: (Date.now() - startedAt.getTime()) / 1000,
    machine: machineInfo(),
    load: { before, after: loadAverage() },
    ...outcome,
  };
  for (const table of result.tables) log(`\n${renderText(table)}`);
  for (const note of result.notes) log(`note: ${note}`);
  return result;
}
