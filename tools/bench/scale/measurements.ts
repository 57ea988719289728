import type { RankMode } from '../../../src/search/rank-mode.js';
import type { Latency } from '../call-loops.js';

/** What the scale benchmark measures, per corpus size; kept whole in the results' JSON. */

export const ENDPOINTS = ['search', 'related', 'recommend'] as const;
export type Endpoint = (typeof ENDPOINTS)[number];

/** Bytes on disk of an index root after a build. */
export interface IndexDisk {
  /** The published version's directory. */
  versionBytes: number;
  /** The vector file (HNSW graph with its vectors, or exact vectors). */
  vectorBytes: number;
  /** The paper store. */
  recordsBytes: number;
  /** Every other file of the version but the manifest: the text index's own files, if any. */
  textBytes: number;
  /** Each file of the version directory by name. */
  files: Record<string, number>;
  /** The root's embedding checkpoints (shared by every version). */
  checkpointBytes: number;
  /** The whole root: kept versions, checkpoints, change log. */
  rootBytes: number;
}

/** One `runIngest` in a child process. */
export interface IngestRun {
  version: string;
  papers: number;
  /** Wall time of runIngest in the child. */
  seconds: number;
  docsPerSecond: number;
  /** Loading the model or fitting (or deserialising) the lexical embedder. */
  embedderLoadSeconds: number;
  /** Embedding and inserting into the vector and text indexes. */
  embedSeconds: number;
  /** Before the embed phase, less the embedder load: reading the input, copying the base's store, loading its graph. */
  readSeconds: number;
  /** After the embed phase: the corpus checksum, saving the graph, optimising the text index, publishing. */
  publishSeconds: number;
  /** CPU time of every thread of the child over the job: above `seconds`, more than one core worked. */
  cpuSeconds: number;
  embedded: number;
  carried: number;
  diff: { added: number; changed: number; unchanged: number; removed: number };
  /** What the job did with the lexical model (null for the transformer). */
  lexicalModel: string | null;
  /** process.resourceUsage().maxRSS of the child, over its whole life. */
  peakRssMiB: number;
  /** The same peak when the embed phase started: reading the input and fitting the embedder. */
  peakBeforeEmbedMiB: number;
  /** Resident memory when the embed phase ended (the graph and the store's caches held). */
  rssAfterEmbedMiB: number;
  disk: IndexDisk;
}

export interface UpdateRun extends IngestRun {
  label: string;
  share: number;
  plan: { changed: number; removed: number; added: number };
}

export interface ModeLatency {
  endpoint: Endpoint;
  mode: RankMode;
  latency: Latency;
}

/** A fresh process opening the published version and answering the workload. */
export interface ServeRun {
  /** loadIndex: open the version, recreate the embedder, warm the query path. */
  loadSeconds: number;
  firstQueryMs: number;
  /** Resident memory of the bare child before loading, after loading and after the workload. */
  baselineMiB: number;
  rssAfterLoadMiB: number;
  rssAfterQueriesMiB: number;
  /** RssAnon and RssFile after the workload (Linux), null elsewhere. */
  anonMiB: number | null;
  fileMiB: number | null;
  latency: ModeLatency[];
  /** Default mode, `connections` concurrent loops: the in-process side of the HTTP ratio. */
  rate: Array<{ endpoint: Endpoint; requestsPerSecond: number }>;
}

export interface HttpRun {
  latency: Array<{ endpoint: Endpoint; latency: Latency }>;
  rate: Array<{ endpoint: Endpoint; requestsPerSecond: number; errors: number }>;
}

/** Distance tolerance of the tie-aware recall, as ann-benchmarks reports it. */
export const RECALL_EPSILON = 0.01;

/** Recall of one kind of query. */
export interface RecallSet {
  queries: number;
  /** Through the service in semantic mode, at the index's own efSearch. */
  recallAt10: number;
  /** The same answers, a paper counted when it is within the tolerance of the true 10th. */
  epsilonRecallAt10: number;
  /** The version's graph searched at other efSearch values: recall and mean ms per query. */
  sweep: Array<{ ef: number; recallAt10: number; meanMs: number }>;
}

export interface RecallRun {
  version: string;
  /** Free-text queries, embedded as the service embeds them. */
  search: RecallSet;
  /** Related-by-id: the papers' own vectors, the paper left out. */
  related: RecallSet;
}

/** A serving process switched to an update of the version it served (see switch-task.ts). */
export interface SwitchRun {
  from: string;
  to: string;
  /** The version whose in-memory state the new one took over; null when it was loaded whole. */
  tookOver: string | null;
  update: IngestRun;
  reloadSeconds: number;
  /** From the update's publication to the new version's first answer. */
  firstAnswerSeconds: number;
  /** Resident set serving one version, before the switch. */
  oneVersionMiB: number;
  /** Resident set peak from publication to the first answer. */
  peakMiB: number;
  requests: number;
  failedRequests: number;
}

export interface SizeResult {
  papers: number;
  corpusBytes: number;
  full: IngestRun;
  serve: ServeRun;
  http: HttpRun;
  updates: UpdateRun[];
  /** Absent from results measured before the switch was. */
  switch?: SwitchRun;
  /** Of the full build, and after the three 1% updates. */
  recall: { built: RecallRun; updated: RecallRun };
}

export interface TransformerRun extends IngestRun {
  model: string;
  dtype: string;
}

/** Bytes a serving process holds or pages in: the vector file, the records and the text index. */
export const mappedBytes = (disk: IndexDisk) =>
  disk.vectorBytes + disk.recordsBytes + disk.textBytes;
