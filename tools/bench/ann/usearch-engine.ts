import { join } from 'node:path';
import { Index, MetricKind, ScalarKind } from 'usearch';
import { settle } from '../memory.js';
import type { AnnEngine, EngineSpec, SearchSetting } from './engine.js';

type Spec = Extract<EngineSpec, { library: 'usearch' }>;

/**
 * usearch HNSW over f32 inner product. Its search breadth (`expansion_search`) is fixed when
 * the index object is made, so each sweep point loads the saved file afresh with its own
 * breadth. Loaded, not memory-mapped (`view`): at 1M vectors a mapped index answered markedly
 * fewer queries per second than the same index in memory.
 */
export class UsearchEngine implements AnnEngine {
  readonly library = 'usearch';
  readonly config: string;
  private index: Index | null = null;
  private dims = 0;

  constructor(
    private readonly spec: Spec,
    private readonly dir: string,
  ) {
    this.config = `connectivity=${spec.connectivity}, expansion_add=${spec.expansionAdd}, f32`;
  }

  async build(base: Float32Array, dims: number): Promise<void> {
    const n = base.length / dims;
    this.dims = dims;
    this.index = this.make(this.spec.efs[0]);
    const keys = new BigUint64Array(n);
    for (let i = 0; i < n; i++) keys[i] = BigInt(i);
    // One inserting thread, as hnswlib-node builds.
    this.index.add(keys, base, 1);
  }

  async save(): Promise<void> {
    this.current().save(this.file);
  }

  async load(dims: number): Promise<void> {
    this.dims = dims;
    this.index = this.make(this.spec.efs[0]);
    this.index.load(this.file);
  }

  settings(): SearchSetting[] {
    return this.spec.efs.map((ef) => ({
      label: `ef=${ef}`,
      apply: async () => {
        this.index = null;
        await settle(); // frees the previous copy before the next is loaded
        const index = this.make(ef);
        index.load(this.file);
        this.index = index;
      },
    }));
  }

  search(query: Float32Array, k: number): number[] {
    const { keys } = this.current().search(query, k, 1);
    return Array.from(keys, Number);
  }

  private make(expansionSearch: number): Index {
    return new Index({
      dimensions: this.dims,
      metric: MetricKind.IP,
      quantization: ScalarKind.F32,
      connectivity: this.spec.connectivity,
      expansion_add: this.spec.expansionAdd,
      expansion_search: expansionSearch,
      multi: false,
    });
  }

  private get file(): string {
    return join(this.dir, 'index.usearch');
  }

  private current(): Index {
    if (!this.index) throw new Error('usearch index used before build or load');
    return this.index;
  }
}
