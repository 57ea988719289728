import { collectResult, type ResultOutcome, type ResultSource } from '../../src/results/collect.js';
import { RESULTS_DIR } from './project-root.js';
import { writeResult, type BenchResult } from '../../src/results/report.js';

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
export type BenchOutcome = ResultOutcome;

export interface Benchmark extends ResultSource<BenchOptions> {
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
