import { DEFAULT_MODE } from '../../../src/search/rank-mode.js';
import { WARM_UP, type ServeSettings } from './serve-task.js';

/** What the scale results mean and how they were taken. */
export function scaleNotes(args: {
  settings: ServeSettings;
  floor: number | null;
  quick: boolean;
  transformerPapers: number;
}): string[] {
  const { settings, floor, quick, transformerPapers } = args;
  return [
    'Corpus: the synthetic arXiv snapshot (`tools/bench/synthetic-arxiv.ts`, seed 1), written once ' +
      'per size under bench/.work/scale and reused. Every index is built afresh by `runIngest` ' +
      '(what `paper-search ingest` runs) in a child process with default settings: the lexical ' +
      'embedder, HNSW above the exact-search threshold, kept versions from the configuration.',
    'Peak RSS is the child’s `process.resourceUsage().maxRSS` over its whole life; "peak ' +
      'before embed" is the same reading when the embed phase starts (the input read, the ' +
      'lexical model fitted), "RSS after embed" the resident set when it ends. Phases: "read" ' +
      'is the time before the embed phase less the embedder load (the input read, and for an ' +
      'update the base’s store copied and its graph loaded); the embed phase embeds and inserts ' +
      'into the graph and the text index; "publish" is the rest (checksum, graph saved, text ' +
      'index optimised, renamed into place, old versions pruned).',
    'Mapped bytes are the files a serving process holds or pages in: the vector file (graph ' +
      'with its vectors), the records file and the text index’s segments. RSS is read after the latency runs; anon is ' +
      'the heap and native allocations, file the mapped files and libraries.',
    `Latency: ${settings.calls} sequential calls per endpoint and mode after ${WARM_UP} untimed ` +
      'ones, in a fresh process that loaded the version as serve does. Free-text queries ' +
      'alternate whole titles and 2–6 word phrases of abstracts of papers spread over the ' +
      'corpus; related asks for those papers; recommend takes two of them as positives and a ' +
      'third as negative. k = 10.',
    `HTTP: \`paper-search serve\` in a child process on 127.0.0.1, default configuration but ` +
      'rate limiting off, the same requests in the default mode (' +
      `${DEFAULT_MODE}): one at a time for p50/p99, then ${settings.connections} connections ` +
      `(autocannon) for ${settings.rateSeconds} s against ${settings.connections} concurrent ` +
      'loops in process for the rate ratio, as the service benchmark measures it. The client ' +
      'runs on the same cores.',
    'Updates: each round revises abstracts (a new version with one more sentence), removes ' +
      'papers and adds new ones in equal thirds of its share, chosen by a seeded sample of ' +
      'the previous round’s corpus (`tools/bench/scale/corpus-update.ts`), and applies it as ' +
      'a change list (revised and new records, removals by id) with `runIngest` and ' +
      '`changes`, as `ingest --update --changes` does, on the same index root.',
    'Switch: after the updates, a process serving the published version as `serve` does ' +
      'answers a search every 10 ms while a fifth round (0.1%) is applied in another process; ' +
      'once it has published, the server reloads (taking the served version over when the ' +
      'update is of it) and the time runs from publication to the new version’s first ' +
      'answer, its resident set sampled every 25 ms against the one it had serving one version.',
    'Recall@10 compares the service’s semantic-mode answers with an exact scan over the live ' +
      'vectors of the same version, for the latency run’s free-text queries (embedded as the ' +
      'service embeds them) and its related-by-id papers (their own vectors, the paper left ' +
      'out), on the full build and after the third update. The version’s graph file is then ' +
      'searched at other efSearch values (hnswlib-node, called as the product calls it) to ' +
      'show what each would buy.',
    floor === null
      ? 'No service results were found: the HTTP target is not judged.'
      : `HTTP target: the lowest HTTP / in-process ratio among the default-mode rows of ` +
        `bench/results/service.md is ${floor}.`,
    'Growth: "× a→b" is the cost at b over the cost at a, "slope" log(cost ratio) / log(size ' +
      'ratio) over that step, "slope (fit)" the least-squares slope over every size.',
    `The transformer path embeds the first ${transformerPapers} papers of the 10k corpus only: ` +
      'embedding the larger corpora with it would take hours on two cores (its rate is in the ' +
      'table). Most of these abstracts fill the model’s 256-token window, so it embeds fewer ' +
      'papers per second than on the sample’s shorter ones (the embedding benchmark).',
    ...(quick
      ? [
          'Quick run: generating the model (once per clone) is not counted in its time; ' +
            'generating the 10k corpus is.',
        ]
      : []),
  ];
}
