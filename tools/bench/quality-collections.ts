import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { JudgedCollection } from '../../src/eval/beir.js';
import {
  DEFAULT_VARIANT,
  EXPANSION_VARIANTS,
  evaluateCollection,
  STANDARD_VARIANTS,
  type CollectionReport,
} from '../../src/eval/collection-eval.js';
import { collectionOutcome } from '../../src/eval/collection-report.js';
import { readJudgments } from '../../src/eval/judgments.js';
import { embeddedBackend } from '../../src/index/backends.js';
import type { FusionCalibration } from '../../src/index/manifest.js';
import { createLogger } from '../../src/logger.js';
import type { Table } from '../../src/results/report.js';
import { SAMPLE_CORPUS } from './bench-model.js';
import { judgedCollections } from './judged-collections.js';
import type { Benchmark } from './runner.js';
import { SAMPLE_JUDGMENTS } from './quality.js';
import { lexicalCorpusOn } from './sample-index.js';
import { makeScratchDir } from './work-files.js';

/** The judged collections kept in the repository, in BEIR layout. */

/** Every ranking setting compared: the halves, each expansion, fixed fusion and the default. */
const VARIANTS = [...STANDARD_VARIANTS, ...EXPANSION_VARIANTS];

/**
 * Search quality across corpora: every judged collection in data/judged (each scored on its one
 * qrels split) and the sample's judged set, each indexed with the lexical embedder in a scratch
 * directory, every ranking setting scored with the BEIR measures and bootstrap intervals, and
 * the fusion weight each index fitted to itself, with what fitting cost.
 */
export const qualityCollectionsBenchmark: Benchmark = {
  name: 'quality-collections',
  title:
    'Search quality across judged collections: each half, each expansion, fixed and fitted fusion',
  async run(options, log) {
    const runs: Run[] = [];
    for (const collection of [
      ...(await judgedCollections(options.quick)),
      await sampleCollection(),
    ]) {
      log(`indexing and scoring ${collection.name} (${collection.judgments.length} cases)`);
      runs.push(await scoreOnLexicalIndex(collection));
    }
    const reports = runs.map((r) => r.report);
    const outcome = collectionOutcome(reports, DEFAULT_VARIANT);
    outcome.tables.splice(1, 0, calibrationTable(runs));
    outcome.notes.push(
      'Each collection is indexed by `ingest --embedder lexical` (TF-IDF + LSA stands in for ' +
        'the semantic half) with default settings in a scratch directory removed afterwards.',
      "The sample's judged set holds free-text queries and related-paper cases (the paper as " +
        'the query); its grades (1, 2) count linearly here, as trec_eval counts them.',
      'The fitted weight is chosen at ingest from pseudo-queries made of the corpus alone ' +
        '(docs/ranking.md); no judgment is read. Fitting seconds are from the manifest; ingest ' +
        'seconds include them.',
    );
    return outcome;
  },
};

/** The sample's judged set, as a collection over the sample corpus. */
async function sampleCollection(): Promise<JudgedCollection> {
  return {
    name: 'sample',
    dir: SAMPLE_JUDGMENTS,
    split: 'judgments.jsonl',
    corpusFile: SAMPLE_CORPUS,
    sha256: createHash('sha256')
      .update(await readFile(SAMPLE_JUDGMENTS))
      .digest('hex'),
    judgments: await readJudgments(SAMPLE_JUDGMENTS),
  };
}

async function scoreOnLexicalIndex(collection: JudgedCollection): Promise<Run> {
  const scratch = await makeScratchDir('paper-search-judged-');
  try {
    const backend = embeddedBackend(join(scratch.dir, 'index'), createLogger('silent'));
    const startedAt = performance.now();
    return await lexicalCorpusOn(backend, collection.corpusFile, async (open) => {
      const seconds = (performance.now() - startedAt) / 1000;
      const loaded = await open();
      try {
        const report = await evaluateCollection(collection, loaded.service, VARIANTS);
        const { manifest } = loaded.service;
        return { report, calibration: manifest.calibration, papers: manifest.count, seconds };
      } finally {
        await loaded.close();
      }
    });
  } finally {
    await scratch.cleanup();
  }
}

interface Run {
  report: CollectionReport;
  calibration?: FusionCalibration;
  papers: number;
  seconds: number;
}

function calibrationTable(runs: readonly Run[]): Table {
  return {
    title: 'Fusion fitted at ingest: the semantic weight each index chose, and its cost',
    columns: ['collection', 'papers', 'pseudo-queries', 'semantic weight', 'fitting s', 'ingest s'],
    rows: runs.map(({ report, calibration, papers, seconds }) => [
      report.collection,
      papers,
      calibration ? calibration.pseudoQueries.title + calibration.pseudoQueries.sentence : null,
      calibration ? calibration.semanticWeight.toFixed(2) : 'equal (not fitted)',
      calibration ? calibration.seconds.toFixed(1) : null,
      seconds.toFixed(1),
    ]),
  };
}
