import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { IndexManifest } from '../index/manifest.js';
import { DEFAULT_FUSION, FUSION_METHODS, type FusionMethod } from '../search/fusion.js';
import type { RankMode } from '../search/rank-mode.js';
import type { SearchService, ServiceIdentity } from '../search/search-service.js';
import { evaluate, type ModeReport } from './evaluate.js';
import { readJudgments, type Judgment } from './judgments.js';
import { assertJudgedPapersHeld, serviceRanker } from './service-ranker.js';

/** An index opened for evaluation with one fusion method for hybrid mode. */
export interface EvalIndex {
  service: SearchService;
  close(): Promise<void>;
}

export type EvalIndexOpener = (fusion: FusionMethod) => Promise<EvalIndex>;

/** Scores of one ranking setting: a mode, and for hybrid the fusion method (null otherwise). */
export interface VariantReport extends ModeReport {
  fusion: FusionMethod | null;
}

/** The judged set, as read and as checksummed: results name exactly what they were scored on. */
export interface JudgedSet {
  file: string;
  sha256: string;
  judgments: Judgment[];
}

export interface QualityRun {
  judged: JudgedSet;
  identity: ServiceIdentity;
  manifest: IndexManifest;
  /** Semantic, lexical, then hybrid under each fusion method, the default first. */
  reports: VariantReport[];
}

export async function readJudgedSet(file: string): Promise<JudgedSet> {
  const bytes = await readFile(file);
  const judgments = await readJudgments(file);
  return { file, sha256: createHash('sha256').update(bytes).digest('hex'), judgments };
}

/** Fusion methods in report order: the default, then the alternatives. */
function fusionOrder(): FusionMethod[] {
  return [DEFAULT_FUSION, ...FUSION_METHODS.filter((method) => method !== DEFAULT_FUSION)];
}

/**
 * Scores every ranking setting the service offers on the judged set. Fusion is fixed when an
 * index is opened, so the index is opened once per fusion method; semantic and lexical
 * rankings do not fuse and are scored on the first opening only.
 */
export async function evaluateVariants(
  judged: JudgedSet,
  open: EvalIndexOpener,
  fusions: FusionMethod[] = fusionOrder(),
): Promise<QualityRun> {
  const reports: VariantReport[] = [];
  let about: Pick<QualityRun, 'identity' | 'manifest'> | null = null;
  for (const [i, fusion] of fusions.entries()) {
    const index = await open(fusion);
    try {
      const { service } = index;
      await assertJudgedPapersHeld(judged.judgments, judged.file, service);
      about ??= { identity: service.identity, manifest: service.manifest };
      const modes: RankMode[] = i === 0 ? ['semantic', 'lexical', 'hybrid'] : ['hybrid'];
      const scored = await evaluate(judged.judgments, serviceRanker(service), modes);
      reports.push(
        ...scored.map((report) => ({
          ...report,
          fusion: report.mode === 'hybrid' ? fusion : null,
        })),
      );
    } finally {
      await index.close();
    }
  }
  return { judged, ...about!, reports };
}
