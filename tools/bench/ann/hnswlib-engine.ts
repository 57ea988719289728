import { join } from 'node:path';
import hnswlib from 'hnswlib-node';
import type { AnnEngine, EngineSpec, SearchSetting } from './engine.js';

type Spec = Extract<EngineSpec, { library: 'hnswlib-node' }>;
type Hnsw = InstanceType<typeof hnswlib.HierarchicalNSW>;

/**
 * hnswlib-node, called exactly as src/index/hnsw-index.ts calls it (inner-product space,
 * one `Array.from` copy per vector), so its numbers are the product's. It is driven
 * directly because the sweep changes ef on one loaded graph.
 */
export class HnswlibEngine implements AnnEngine {
  readonly library = 'hnswlib-node';
  readonly config: string;
  private index: Hnsw | null = null;

  constructor(
    private readonly spec: Spec,
    private readonly dir: string,
  ) {
    this.config = `M=${spec.m}, efConstruction=${spec.efConstruction}`;
  }

  async build(base: Float32Array, dims: number): Promise<void> {
    const n = base.length / dims;
    const index = new hnswlib.HierarchicalNSW('ip', dims);
    index.initIndex({
      maxElements: n,
      m: this.spec.m,
      efConstruction: this.spec.efConstruction,
      randomSeed: this.spec.seed,
      allowReplaceDeleted: true,
    });
    for (let i = 0; i < n; i++)
      index.addPoint(Array.from(base.subarray(i * dims, (i + 1) * dims)), i);
    this.index = index;
  }

  async save(): Promise<void> {
    await this.graph().writeIndex(this.file);
  }

  async load(dims: number): Promise<void> {
    const index = new hnswlib.HierarchicalNSW('ip', dims);
    await index.readIndex(this.file, true);
    this.index = index;
  }

  settings(): SearchSetting[] {
    return this.spec.efs.map((ef) => ({ label: `ef=${ef}`, apply: () => this.graph().setEf(ef) }));
  }

  search(query: Float32Array, k: number): number[] {
    return this.graph().searchKnn(Array.from(query), k).neighbors;
  }

  private get file(): string {
    return hnswlibIndexFile(this.dir);
  }

  private graph(): Hnsw {
    if (!this.index) throw new Error('hnswlib index used before build or load');
    return this.index;
  }
}

/** The graph file in an engine directory: the format src/index/hnsw-index.ts loads. */
export function hnswlibIndexFile(dir: string): string {
  return join(dir, 'index.hnsw');
}
