import type {
  IngestRun,
  ModeLatency,
  RecallRun,
  SizeResult,
  TransformerRun,
  UpdateRun,
} from '../../../../tools/bench/scale/measurements.js';

/** Measurements of the shape the scale benchmark records, with round figures to judge. */
const MIB = 2 ** 20;

export function ingestRun(seconds: number, overrides: Partial<IngestRun> = {}): IngestRun {
  return {
    version: 'v000001',
    papers: 1_000_000,
    seconds,
    docsPerSecond: 1_000_000 / seconds,
    embedderLoadSeconds: seconds * 0.1,
    embedSeconds: seconds * 0.6,
    readSeconds: seconds * 0.2,
    publishSeconds: seconds * 0.1,
    cpuSeconds: seconds * 1.5,
    embedded: 1_000_000,
    carried: 0,
    diff: { added: 1_000_000, changed: 0, unchanged: 0, removed: 0 },
    lexicalModel: 'fitted',
    peakRssMiB: 3000,
    peakBeforeEmbedMiB: 1500,
    rssAfterEmbedMiB: 2500,
    disk: {
      versionBytes: 4000 * MIB,
      vectorBytes: 1100 * MIB,
      recordsBytes: 2900 * MIB,
      textBytes: 0,
      files: {},
      checkpointBytes: 1000 * MIB,
      rootBytes: 9000 * MIB,
    },
    ...overrides,
  };
}

function update(label: string, share: number, seconds: number): UpdateRun {
  return { ...ingestRun(seconds), label, share, plan: { changed: 1, removed: 1, added: 1 } };
}

/** Latency of every endpoint in every mode: hybrid at `hybrid`, the halves below it. */
function latencies(hybrid: number): ModeLatency[] {
  return (['search', 'related', 'recommend'] as const).flatMap((endpoint) =>
    (
      [
        ['semantic', 0.5],
        ['lexical', hybrid * 0.9],
        ['hybrid', hybrid],
      ] as const
    ).map(([mode, p50Ms]) => ({
      endpoint,
      mode,
      latency: { calls: 300, p50Ms, p99Ms: p50Ms * 4, meanMs: p50Ms * 1.2 },
    })),
  );
}

export function recall(served: number): RecallRun {
  const set = {
    queries: 300,
    recallAt10: served,
    epsilonRecallAt10: served,
    sweep: [
      { ef: 64, recallAt10: served, meanMs: 0.3 },
      { ef: 256, recallAt10: 0.993, meanMs: 0.9 },
    ],
  };
  return { version: 'v000004', search: set, related: { ...set, recallAt10: 0.999 } };
}

export function sizeResult(
  papers: number,
  hybridMs: number,
  overrides: Partial<SizeResult> = {},
): SizeResult {
  const rate = (requestsPerSecond: number) =>
    (['search', 'related', 'recommend'] as const).map((endpoint) => ({
      endpoint,
      requestsPerSecond,
      errors: 0,
    }));
  return {
    papers,
    corpusBytes: papers * 1500,
    full: ingestRun(3000),
    serve: {
      loadSeconds: 10,
      firstQueryMs: 5,
      baselineMiB: 60,
      rssAfterLoadMiB: 1500,
      rssAfterQueriesMiB: 1600,
      anonMiB: 1500,
      fileMiB: 100,
      latency: latencies(hybridMs),
      rate: rate(100),
    },
    http: {
      latency: (['search', 'related', 'recommend'] as const).map((endpoint) => ({
        endpoint,
        latency: { calls: 300, p50Ms: hybridMs + 1, p99Ms: hybridMs * 5, meanMs: hybridMs + 1 },
      })),
      rate: rate(80),
    },
    updates: [
      update('1% (1st)', 0.01, 100),
      update('1% (2nd)', 0.01, 120),
      update('1% (3rd)', 0.01, 140),
      update('0.1%', 0.001, 60),
    ],
    switch: {
      from: 'v000005',
      to: 'v000006',
      tookOver: 'v000005',
      update: ingestRun(50),
      reloadSeconds: 1.5,
      firstAnswerSeconds: 1.6,
      oneVersionMiB: 1600,
      peakMiB: 1800,
      requests: 500,
      failedRequests: 0,
    },
    recall: { built: recall(0.996), updated: recall(0.995) },
    ...overrides,
  };
}

export function transformerRun(): TransformerRun {
  return { ...ingestRun(80), papers: 500, model: 'paper-search/minilm-shaped', dtype: 'q8' };
}
