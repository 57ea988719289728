import { createRequire } from 'node:module';
import * as lancedb from '@lancedb/lancedb';
import type * as Arrow from 'apache-arrow';
import type { AnnEngine, EngineSpec, SearchSetting } from './engine.js';

type Spec = Extract<EngineSpec, { library: 'lancedb' }>;

// LanceDB loads apache-arrow as CommonJS; objects from the ESM build fail its instanceof checks
// and get re-typed batch by batch, so the data is built with the same CommonJS instance.
const arrow = createRequire(import.meta.url)('apache-arrow') as typeof Arrow;

/**
 * Cosine, which ranks unit vectors exactly as inner product does: with 'dot', LanceDB 0.30's
 * IVF_HNSW_SQ lost most true neighbours on the lexical sample vectors (see the notes of
 * bench/results/vector-search.md).
 */
const DISTANCE = 'cosine';
const TABLE = 'vectors';
const BATCH_ROWS = 65536;

/**
 * LanceDB (embedded, on-disk) with one of its vector indexes: IVF_PQ, whose compressed codes
 * need a refine step (re-ranking `refine` x k candidates on full vectors) to reach high
 * recall, or IVF_HNSW_SQ, an HNSW graph over 8-bit scalar-quantised vectors.
 */
export class LanceDbEngine implements AnnEngine {
  readonly library = 'lancedb';
  readonly config: string;
  private table: lancedb.Table | null = null;
  private query: (q: lancedb.VectorQuery) => lancedb.VectorQuery = (q) => q;

  constructor(
    private readonly spec: Spec,
    private readonly dir: string,
  ) {
    this.config =
      spec.index === 'ivf_pq'
        ? `IVF_PQ, partitions=${spec.partitions}, sub-vectors=${spec.subVectors}`
        : `IVF_HNSW_SQ, m=${spec.m}, efConstruction=${spec.efConstruction}`;
  }

  async build(base: Float32Array, dims: number): Promise<void> {
    const db = await lancedb.connect(this.dir);
    const data = new arrow.Table(recordBatches(base, dims));
    const table = await db.createTable(TABLE, data, { mode: 'overwrite' });
    const { spec } = this;
    const config =
      spec.index === 'ivf_pq'
        ? lancedb.Index.ivfPq({
            distanceType: DISTANCE,
            numPartitions: spec.partitions,
            numSubVectors: spec.subVectors,
          })
        : lancedb.Index.hnswSq({
            distanceType: DISTANCE,
            numPartitions: 1,
            m: spec.m,
            efConstruction: spec.efConstruction,
          });
    await table.createIndex('vector', { config, replace: true });
    this.table = table;
  }

  /** The table and its index are already on disk. */
  async save(): Promise<void> {}

  async load(): Promise<void> {
    const db = await lancedb.connect(this.dir);
    this.table = await db.openTable(TABLE);
  }

  settings(): SearchSetting[] {
    const { spec } = this;
    if (spec.index === 'hnsw_sq') {
      return spec.efs.map((ef) => ({
        label: `ef=${ef}`,
        apply: () => void (this.query = (q) => q.ef(ef)),
      }));
    }
    return spec.refine.flatMap((refine) =>
      spec.probes.map((probes) => ({
        label: `nprobes=${probes}, refine=${refine}`,
        apply: () => void (this.query = (q) => q.nprobes(probes).refineFactor(refine)),
      })),
    );
  }

  async search(query: Float32Array, k: number): Promise<number[]> {
    if (!this.table) throw new Error('LanceDB table used before build or load');
    const q = this.table.vectorSearch(query).column('vector').distanceType(DISTANCE).limit(k);
    const rows = (await this.query(q).select(['id']).toArray()) as { id: number }[];
    return rows.map((row) => row.id);
  }
}

/** Row ids and vectors as Arrow record batches, without per-row JavaScript objects. */
function recordBatches(base: Float32Array, dims: number): Arrow.RecordBatch[] {
  const vectorType = new arrow.FixedSizeList(
    dims,
    new arrow.Field('item', new arrow.Float32(), true),
  );
  const schema = new arrow.Schema([
    new arrow.Field('id', new arrow.Int32(), false),
    new arrow.Field('vector', vectorType, false),
  ]);
  const n = base.length / dims;
  const batches: Arrow.RecordBatch[] = [];
  for (let start = 0; start < n; start += BATCH_ROWS) {
    const rows = Math.min(BATCH_ROWS, n - start);
    const ids = Int32Array.from({ length: rows }, (_, i) => start + i);
    const values = arrow.makeData({
      type: new arrow.Float32(),
      length: rows * dims,
      data: base.subarray(start * dims, (start + rows) * dims),
    });
    const data = arrow.makeData({
      type: new arrow.Struct(schema.fields),
      length: rows,
      nullCount: 0,
      children: [
        arrow.makeData({ type: new arrow.Int32(), length: rows, data: ids }),
        arrow.makeData({ type: vectorType, length: rows, nullCount: 0, child: values }),
      ],
    });
    batches.push(new arrow.RecordBatch(schema, data));
  }
  return batches;
}
