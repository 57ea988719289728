import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { IndexHolder } from '../serving/index-holder.js';

const PREFIX = 'paper_search_';

/** Request latencies: from a lexical query's milliseconds to a cold model's seconds. */
const REQUEST_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const EMBED_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
/** Powers of two up to the largest query batch an operator is likely to configure. */
const BATCH_BUCKETS = [1, 2, 4, 8, 16, 32, 64, 128];

type RequestLabels = 'method' | 'route' | 'status';

/**
 * The service's Prometheus metrics, in a registry of their own: each app instance (and each
 * test creating one) counts separately instead of colliding in prom-client's global registry.
 */
export class ServiceMetrics {
  readonly registry = new Registry();
  private readonly requests: Counter<RequestLabels>;
  private readonly requestSeconds: Histogram<RequestLabels>;
  private readonly embedSeconds: Histogram;
  private readonly batchSize: Histogram;
  private watched: IndexHolder | null = null;

  constructor() {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: PREFIX });
    const labelNames = ['method', 'route', 'status'] as const;
    this.requests = new Counter({
      name: `${PREFIX}http_requests_total`,
      help: 'HTTP requests answered, by method, route pattern and status',
      labelNames,
      registers,
    });
    this.requestSeconds = new Histogram({
      name: `${PREFIX}http_request_duration_seconds`,
      help: 'HTTP request latency in seconds, by method, route pattern and status',
      labelNames,
      buckets: REQUEST_BUCKETS,
      registers,
    });
    this.embedSeconds = new Histogram({
      name: `${PREFIX}embedding_duration_seconds`,
      help: 'Latency of one query embedding call (one micro-batch) in seconds',
      buckets: EMBED_BUCKETS,
      registers,
    });
    this.batchSize = new Histogram({
      name: `${PREFIX}embedding_batch_size`,
      help: 'Queries embedded together in one micro-batch',
      buckets: BATCH_BUCKETS,
      registers,
    });
  }

  observeRequest(labels: Record<RequestLabels, string>, seconds: number): void {
    this.requests.inc(labels);
    this.requestSeconds.observe(labels, seconds);
  }

  /** The query batcher's observer: one embedding call of `size` queries took `seconds`. */
  readonly observeEmbedBatch = (size: number, seconds: number): void => {
    this.batchSize.observe(size);
    this.embedSeconds.observe(seconds);
  };

  /**
   * Index gauges read at scrape time from whatever version the holder serves now, so they
   * follow reloads without anyone having to update them.
   */
  watchIndex(holder: IndexHolder): void {
    if (this.watched === holder) return;
    if (this.watched) throw new Error('these metrics already watch another index holder');
    this.watched = holder;
    const registers = [this.registry];
    new Gauge({
      name: `${PREFIX}index_papers`,
      help: 'Papers in the index being served (0 while none is loaded)',
      registers,
      async collect() {
        this.set((await holder.loaded?.service.count()) ?? 0);
      },
    });
    new Gauge({
      name: `${PREFIX}index_info`,
      help: 'The index version being served and its embedder (always 1; absent while none is loaded)',
      labelNames: ['version', 'embedder'],
      registers,
      collect() {
        // One series at a time: the old version's series goes when a new one is swapped in.
        this.reset();
        const identity = holder.loaded?.service.identity;
        if (identity) this.set({ version: identity.indexVersion, embedder: identity.embedder }, 1);
      },
    });
  }
}
