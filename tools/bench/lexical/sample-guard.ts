import { join } from 'node:path';
import type { Paper } from '../../../src/corpus/paper.js';
import { readJsonl } from '../../../src/corpus/jsonl-reader.js';
import { LiveSegment } from '../../../src/index/embedded/text/live-segment.js';
import { SegmentBuilder } from '../../../src/index/embedded/text/segment-builder.js';
import { SegmentedTextIndex } from '../../../src/index/embedded/text/segmented-text-index.js';
import { FacetIndex } from '../../../src/index/embedded/facet-index.js';
import { SqliteDatabase } from '../../../src/index/embedded/sqlite-database.js';
import { readJudgments } from '../../../src/eval/judgments.js';
import { mean, ndcgAt } from '../../../src/eval/metrics.js';
import { textQuery } from '../../../src/search/lexical-query.js';
import { Fts5TextIndex, Fts5TextWriter, ftsQuery } from './fts5-text-index.js';
import { PROJECT_ROOT } from '../project-root.js';

export interface SampleGuard {
  papers: number;
  queries: number;
  /** Mean share of FTS5's top 10 that the engine's top 10 also holds. */
  overlap10: number;
  /** Queries whose top 10 are the same set in both. */
  identical: number;
  ndcg10: { fts5: number; engine: number };
}

/**
 * The quality guard: on the sample corpus and its judged free-text queries, the engine's
 * lexical top 10 against FTS5's (tokenisation differs: FTS5's porter/unicode61 against the
 * project's analyser), and lexical-only nDCG@10 of both.
 */
export async function sampleGuard(): Promise<SampleGuard> {
  const papers: Paper[] = [];
  for await (const event of readJsonl(join(PROJECT_ROOT, 'data/sample/papers.jsonl'))) {
    if (event.kind === 'paper') papers.push(event.paper);
  }
  const db = SqliteDatabase.open(':memory:');
  await new Fts5TextWriter(db).put(papers.map((paper, label) => ({ label, ...paper })));
  const fts5 = new Fts5TextIndex(db, FacetIndex.build([]), 0);
  const builder = new SegmentBuilder();
  papers.forEach((paper, label) =>
    builder.add({ label, title: paper.title, abstract: paper.abstract }),
  );
  const engine = new SegmentedTextIndex([new LiveSegment(builder.toSegment('sample'))]);
  const judgments = (await readJudgments(join(PROJECT_ROOT, 'data/sample/judgments.jsonl'))).filter(
    (j) => j.kind === 'query',
  );
  const overlaps: number[] = [];
  const ndcg = { fts5: [] as number[], engine: [] as number[] };
  let identical = 0;
  for (const judgment of judgments) {
    const query = textQuery(judgment.query);
    const match = ftsQuery(query.terms.slice(0, query.searched));
    const fts = match ? fts5.match(match, 10) : [];
    const ours = engine.searchLabels(query, 10);
    const ftsLabels = new Set(fts.map((m) => m.label));
    const shared = ours.filter((r) => ftsLabels.has(r.label)).length;
    overlaps.push(shared / Math.max(1, Math.min(10, fts.length)));
    if (shared === fts.length && shared === ours.length) identical++;
    const ids = (labels: number[]) => labels.map((label) => papers[label].id);
    ndcg.fts5.push(ndcgAt(ids(fts.map((m) => m.label)), judgment.relevant, 10));
    ndcg.engine.push(ndcgAt(ids(ours.map((r) => r.label)), judgment.relevant, 10));
  }
  db.close();
  return {
    papers: papers.length,
    queries: judgments.length,
    overlap10: mean(overlaps),
    identical,
    ndcg10: { fts5: mean(ndcg.fts5), engine: mean(ndcg.engine) },
  };
}
