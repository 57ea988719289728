import { InvalidArgumentError, type Command } from 'commander';
import type { BenchOptions } from '../bench/runner.js';
import { intInRange } from '../../src/cli/options.js';

interface BenchFlags {
  quick?: boolean;
  rebuild?: boolean;
  sizes?: number[];
  runs?: number;
  engines?: string[];
  tag?: string;
}

/**
 * The benchmark modules are imported only when `bench` runs: `--help` stays fast and does
 * not load native libraries (usearch) it does not need.
 */
export function registerBench(program: Command): void {
  program
    .command('bench')
    .description('run the benchmarks and write bench/results/<name>.{md,json}')
    .argument(
      '[names...]',
      'benchmarks to run: embedding, vector-search, service, startup, quality, quality-postgres, quality-backends, postgres-text, ' +
        'postgres, recommend-strategies, graph, scale (default: all)',
    )
    .option('--quick', 'smaller sizes and fewer runs: the whole suite in minutes')
    .option('--rebuild', 'rebuild indexes cached under bench/.work instead of reusing them')
    .option('--sizes <list>', 'comma-separated vector counts, e.g. 100000,1000000', integerList)
    .option('--runs <n>', 'timed runs per measurement (the median is reported)', intInRange(1, 100))
    .option('--engines <list>', 'vector-search libraries (hnswlib,usearch)', stringList)
    .option('--tag <name>', 'write bench/results/<name>-<tag>.* (a partial run)', resultTag)
    .action(async (selected: string[], flags: BenchFlags) => {
      const { BENCHMARKS } = await import('../bench/benchmarks.js');
      const { runBenchmark } = await import('../bench/runner.js');
      const { ENGINE_NAMES } = await import('../bench/vector-search.js');
      const names = BENCHMARKS.map((b) => b.name);
      const engineNames: readonly string[] = ENGINE_NAMES;
      const unknownEngines = (flags.engines ?? []).filter((name) => !engineNames.includes(name));
      if (unknownEngines.length) {
        throw new Error(
          `unknown engine ${unknownEngines.join(', ')}; choose from ${engineNames.join(', ')}`,
        );
      }
      const unknown = selected.filter((name) => !names.includes(name));
      if (unknown.length) {
        throw new Error(`unknown benchmark ${unknown.join(', ')}; choose from ${names.join(', ')}`);
      }
      const options: BenchOptions = {
        quick: flags.quick ?? false,
        rebuild: flags.rebuild ?? false,
        sizes: flags.sizes,
        runs: flags.runs,
        engines: flags.engines,
        tag: flags.tag,
      };
      const log = (line: string) => process.stdout.write(`${line}\n`);
      for (const bench of BENCHMARKS) {
        if (selected.length === 0 || selected.includes(bench.name))
          await runBenchmark(bench, options, log);
      }
    });
}

function integerList(value: string): number[] {
  return value.split(',').map((part) => intInRange(1, 100_000_000)(part.trim()));
}

function stringList(value: string): string[] {
  return value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
}

/** A tag becomes part of a file name: letters, digits and dashes only. */
function resultTag(value: string): string {
  if (!/^[a-z0-9][a-z0-9-]{0,39}$/i.test(value))
    throw new InvalidArgumentError(`expected letters, digits and dashes, got "${value}"`);
  return value;
}
