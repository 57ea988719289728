import { machineInfo, loadAverage } from './machine.js';
import { RESULTS_DIR } from './project-root.js';
import { renderText, writeResult, type BenchResult, type Table } from './report.js';

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
}

export interface Benchmark {
  name: string;
  title: string;
  run(options: BenchOptions, log: (line: string) => void): Promise<BenchOutcome>;
}

export async function runBenchmark(
  bench: Benchmark,
  options: BenchOptions,
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
    startedAt: startedAt.toISOString(),
    seconds: (Date.now() - startedAt.getTime()) / 1000,
    machine: machineInfo(),
    load: { before, after: loadAverage() },
    ...outcome,
  };
  for (const table of result.tables) log(`\n${renderText(table)}`);
  for (const note of result.notes) log(`note: ${note}`);
  const files = await writeResult(result, RESULTS_DIR);
  log(
    `\nwrote ${files.map((f) => f.slice(RESULTS_DIR.length - 'bench/results'.length)).join(', ')}`,
  );
  return result;
}
