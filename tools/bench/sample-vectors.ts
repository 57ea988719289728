import type { Paper } from '../../src/corpus/paper.js';
import { readCorpus } from '../../src/corpus/formats.js';
import { loadTransformer } from '../../src/embed/embedder-factory.js';
import { LexicalEmbedder } from '../../src/embed/lexical-embedder.js';
import type { Embedder } from '../../src/embed/embedder.js';
import { ensureBenchModel, MODELS_DIR, SAMPLE_CORPUS } from './bench-model.js';
import { cachedDataset, type Dataset } from './datasets.js';
import { shortHash } from './work-files.js';

/** Every fifth paper is a query, the rest the indexed set: queries are never in the index. */
const QUERY_EVERY = 5;

export async function readSamplePapers(): Promise<Paper[]> {
  const papers: Paper[] = [];
  for await (const event of readCorpus([SAMPLE_CORPUS]))
    if (event.kind === 'paper') papers.push(event.paper);
  return papers;
}

/**
 * The real-data check: the sample corpus embedded by the zero-download lexical embedder and
 * by the generated MiniLM-shaped model (untrained weights, so its geometry is not a trained
 * model's, but its width and pooling are).
 */
export async function sampleCorpusDatasets(
  k: number,
  log: (line: string) => void,
): Promise<Dataset[]> {
  const papers = await readSamplePapers();
  const model = await ensureBenchModel(log);
  const settings = {
    model,
    modelsDir: MODELS_DIR,
    dtype: 'fp32' as const,
    batchSize: 32,
    threads: 0,
  };
  const datasets: Dataset[] = [];
  for (const kind of ['lexical', 'transformer'] as const) {
    const embedder =
      kind === 'lexical' ? LexicalEmbedder.fit(papers) : await loadTransformer(settings);
    try {
      datasets.push(await embeddedDataset(embedder, papers, k));
    } finally {
      await embedder.dispose();
    }
  }
  return datasets;
}

async function embeddedDataset(embedder: Embedder, papers: Paper[], k: number): Promise<Dataset> {
  const key = `sample-${embedder.id.replace(/[^\w.-]+/g, '_')}-${shortHash([embedder.fingerprint(), papers.length])}`;
  return cachedDataset(key, async () => {
    const vectors = await embedder.embedDocuments(papers);
    const pick = (query: boolean) => vectors.filter((_, i) => (i % QUERY_EVERY === 0) === query);
    const flat = (rows: Float32Array[]) => {
      const out = new Float32Array(rows.length * embedder.dims);
      rows.forEach((row, i) => out.set(row, i * embedder.dims));
      return out;
    };
    return {
      label: `sample corpus, ${embedder.id}`,
      source: { corpus: 'data/sample/papers.jsonl', embedder: embedder.id, papers: papers.length },
      dims: embedder.dims,
      base: flat(pick(false)),
      queries: flat(pick(true)),
      k,
    };
  });
}
