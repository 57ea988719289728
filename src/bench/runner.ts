import { machineInfo, loadAverage } from './machine.js';
import { RESULTS_DIR } from './project-root.js';
import { renderText, writeResult, type BenchResult, type Figure, type Table } from './report.js';

export interface BenchOptions {
  /** Smaller sizes and fewer runs: the whole suite in minutes. */
  quick: boolean;
  /** Rebuild cached indexes and datasets' indexes instead of reusing them. */
  rebuild: boolean;
  /** Overrides of a benchmark's own defaults, from the command line. */
  sizes?: number[];
  runs?: number;
  engines?: string[];
  /** Results go to `<name>-<tag>.*` rather than replacing the full run's files. */
  tag?: string;
}

/** What a benchmark hands back; the runner adds machine, timing and load, then writes it. */
export interface BenchOutcome {
  parameters: Record<string, unknown>;
  tables: Table[];
  notes: string[];
  /** Raw measurements behind the tables, kept in the JSON file. */
  data?: unknown;
  /** A chart written beside the results as `<name>.svg`. */
  figure?: Figure;
}

export interface Benchmark {
  name: string;
  title: string;
  run(options: BenchOptions, log: (line: string) => void): Promise<BenchOutcome>;
  /** The command that repeats a run; `npm run bench -- <name> …` when absent. */
  command?(options: BenchOptions): string;
}

/** The npm command line that repeats a benchmark run with the same options. */
export function benchCommand(name: string, options: BenchOptions): string {
  const flags = [
    options.quick ? '--quick' : '',
    options.sizes ? `--sizes ${options.sizes.join(',')}` : '',
    options.runs ? `--runs ${options.runs}` : '',
    options.engines ? `--engines ${options.engines.join(',')}` : '',
    options.tag ? `--tag ${options.tag}` : '',
  ];
  return ['npm run bench --', name, ...flags].filter(Boolean).join(' ');
}

/**
 * Runs `bench` and returns its outcome with the machine, the time taken, the load average
 * around it and the command that regenerates it.
 */
export async function collectResult(
  bench: Benchmark,
  options: BenchOptions,
  command: string,
  log: (line: string) => void,
): Promise<BenchResult> {
  const startedAt = new Date();
  const before = loadAverage();
  log(`== ${bench.title}${options.quick ? ' (quick)' : ''}: load average ${before}`);
  const outcome = await bench.run(options, log);
  const result: BenchResult = {
    name: bench.name,
    title: bench.title,
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

export async function runBenchmark(
  bench: Benchmark,
  options: BenchOptions,
  log: (line: string) => void,
): Promise<BenchResult> {
  const command = bench.command?.(options) ?? benchCommand(bench.name, options);
  const result = await collectResult(bench, options, command, log);
  const files = await writeResult(result, RESULTS_DIR);
  log(
    `\nwrote ${files.map((f) => f.slice(RESULTS_DIR.length - 'bench/results'.length)).join(', ')}`,
  );
  return result;
}
