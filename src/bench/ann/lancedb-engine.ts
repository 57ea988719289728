import * as lancedb from '@lancedb/lancedb';
import {
  Field,
  FixedSizeList,
  Float32,
  Int32,
  makeData,
  RecordBatch,
  Schema,
  Struct,
  Table as ArrowTable,
} from 'apache-arrow';
import type { AnnEngine, EngineSpec, SearchSetting } from './engine.js';

type Spec = Extract<EngineSpec, { library: 'lancedb' }>;

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
    const table = await db.createTable(TABLE, arrowTable(base, dims), { mode: 'overwrite' });
    const { spec } = this;
    const config =
      spec.index === 'ivf_pq'
        ? lancedb.Index.ivfPq({
            distanceType: 'dot',
            numPartitions: spec.partitions,
            numSubVectors: spec.subVectors,
          })
        : lancedb.Index.hnswSq({
            distanceType: 'dot',
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
    const q = this.table.vectorSearch(query).column('vector').distanceType('dot').limit(k);
    const rows = (await this.query(q).select(['id']).toArray()) as { id: number }[];
    return rows.map((row) => row.id);
  }
}

/** Row ids and vectors as Arrow record batches, without per-row JavaScript objects. */
function arrowTable(base: Float32Array, dims: number): ArrowTable {
  const vectorType = new FixedSizeList(dims, new Field('item', new Float32(), true));
  const schema = new Schema([
    new Field('id', new Int32(), false),
    new Field('vector', vectorType, false),
  ]);
  const n = base.length / dims;
  const batches: RecordBatch[] = [];
  for (let start = 0; start < n; start += BATCH_ROWS) {
    const rows = Math.min(BATCH_ROWS, n - start);
    const ids = Int32Array.from({ length: rows }, (_, i) => start + i);
    const values = makeData({
      type: new Float32(),
      length: rows * dims,
      data: base.subarray(start * dims, (start + rows) * dims),
    });
    const data = makeData({
      type: new Struct(schema.fields),
      length: rows,
      nullCount: 0,
      children: [
        makeData({ type: new Int32(), length: rows, data: ids }),
        makeData({ type: vectorType, length: rows, nullCount: 0, child: values }),
      ],
    });
    batches.push(new RecordBatch(schema, data));
  }
  return new ArrowTable(schema, batches);
}
