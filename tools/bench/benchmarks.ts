import { embeddingBenchmark } from './embedding-throughput.js';
import { graphBenchmark } from './graph.js';
import { indexFilesBenchmark } from './index-files.js';
import { postgresBenchmark } from './postgres-bench.js';
import { postgresTextBenchmark } from './postgres-text.js';
import { qualityBackendsBenchmark } from './quality-backends.js';
import { qualityBenchmark, qualityPostgresBenchmark } from './quality.js';
import { qualityCollectionsBenchmark } from './quality-collections.js';
import { recommendStrategiesBenchmark } from './recommend-strategies.js';
import type { Benchmark } from './runner.js';
import { scaleBenchmark } from './scale.js';
import { serviceBenchmark } from './service-load.js';
import { startupBenchmark } from './startup.js';
import { vectorSearchBenchmark } from './vector-search.js';

/** Every benchmark, in the order `paper-search bench` runs them. */
export const BENCHMARKS: readonly Benchmark[] = [
  embeddingBenchmark,
  vectorSearchBenchmark,
  serviceBenchmark,
  startupBenchmark,
  qualityBenchmark,
  qualityCollectionsBenchmark,
  qualityPostgresBenchmark,
  postgresBenchmark,
  postgresTextBenchmark,
  qualityBackendsBenchmark,
  recommendStrategiesBenchmark,
  graphBenchmark,
  indexFilesBenchmark,
  scaleBenchmark,
];
