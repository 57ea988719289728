/** One point of a parameter sweep, e.g. `ef=64`; applying it changes how searches run. */
export interface SearchSetting {
  label: string;
  apply(): void | Promise<void>;
}

/**
 * A vector-search library under test, driven the way an application would drive it: one
 * query per call, inner product over unit vectors, labels being row numbers of the base set.
 */
export interface AnnEngine {
  readonly library: string;
  /** Build parameters, as shown in the report. */
  readonly config: string;
  build(base: Float32Array, dims: number): Promise<void>;
  /** Persists the built index into the engine's directory, so later runs can reuse it. */
  save(): Promise<void>;
  /** Reopens what `save` wrote. */
  load(dims: number): Promise<void>;
  settings(): SearchSetting[];
  search(query: Float32Array, k: number): number[] | Promise<number[]>;
}

export type EngineSpec =
  | { library: 'hnswlib-node'; m: number; efConstruction: number; seed: number; efs: number[] }
  | {
      library: 'usearch';
      connectivity: number;
      expansionAdd: number;
      efs: number[];
    };

/** Directory-safe name of an engine configuration, for its cache folder. */
export function engineKey(spec: EngineSpec): string {
  switch (spec.library) {
    case 'hnswlib-node':
      return `hnswlib-m${spec.m}-efc${spec.efConstruction}-s${spec.seed}`;
    case 'usearch':
      return `usearch-m${spec.connectivity}-efc${spec.expansionAdd}`;
  }
}
