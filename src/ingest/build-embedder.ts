import type { DocumentInput, Embedder } from '../embed/embedder.js';
import {
  LEXICAL_MODEL_META_KEY,
  loadTransformer,
  type ModelSettings,
} from '../embed/embedder-factory.js';
import { LexicalEmbedder } from '../embed/lexical-embedder.js';
import type { IndexBuild } from '../index/backend.js';

/** The lexical embedder is fitted on at most this many papers, a stride sample of the corpus. */
export const LEXICAL_FIT_SAMPLE = 100_000;
/** A kept lexical model is refitted once this share of the corpus is new or changed since. */
export const REFIT_UNSEEN_SHARE = 0.2;
/**
 * ... or once the new text's tokens are known to the vocabulary this much less often than the
 * fitted corpus' were (a new topic the vocabulary cannot express), judged on enough text.
 */
export const REFIT_COVERAGE_DROP = 0.05;
const MIN_TOKENS_FOR_COVERAGE = 20_000;

const LEXICAL_FIT_META_KEY = 'lexical-fit';

/** What a version remembers of its lexical model's fit. */
interface LexicalFit {
  /** The version the model was fitted in. */
  fittedIn: string;
  fittedPapers: number;
  /** Share of the fitted papers' analysed tokens the vocabulary holds. */
  coverage: number;
  /** Papers added or changed since the fit. */
  changedSinceFit: number;
}

/**
 * How far the corpus has moved from what the lexical model was fitted on: the share of
 * papers it never saw, and how well its vocabulary covers the text embedded now.
 */
export interface LexicalDrift {
  unseenShare: number;
  /** Vocabulary coverage of the papers embedded by this build (null when none). */
  coverage: number | null;
  baselineCoverage: number;
  refitted: boolean;
  reason: string;
}

export interface BuildEmbedder {
  embedder: Embedder;
  drift: LexicalDrift | null;
  /** Stores what queries need to embed as this build did (the lexical model) with the version. */
  persist(): Promise<void>;
}

/**
 * The embedder a build uses. A transformer is loaded from the models folder. The lexical model
 * of an update is kept, so unchanged papers keep their vectors and new words are out of
 * vocabulary, until `refit` or the drift passes a threshold; a full build fits it afresh on
 * a sample of the corpus.
 */
export async function embedderForBuild(args: {
  kind: 'transformer' | 'lexical';
  model: ModelSettings;
  build: IndexBuild;
  /** Papers this build embeds (new or changed text). */
  changed: readonly number[];
  papers: number;
  refit: boolean;
}): Promise<BuildEmbedder> {
  if (args.kind === 'transformer') {
    return { embedder: await loadTransformer(args.model), drift: null, persist: async () => {} };
  }
  const kept = args.refit ? null : await keptLexical(args.build, args.changed, args.papers);
  if (kept && !kept.drift.refitted) return kept;
  const fitted = await fitLexical(args.build, args.papers);
  if (kept) fitted.drift = { ...kept.drift, refitted: true };
  else if (args.refit)
    fitted.drift = { ...(fitted.drift as LexicalDrift), reason: 'refit requested' };
  return fitted;
}

async function keptLexical(
  build: IndexBuild,
  changed: readonly number[],
  papers: number,
): Promise<(BuildEmbedder & { drift: LexicalDrift }) | null> {
  const [state, fitMeta] = await Promise.all([
    build.meta(LEXICAL_MODEL_META_KEY),
    build.meta(LEXICAL_FIT_META_KEY),
  ]);
  if (!state || !fitMeta) return null;
  const embedder = LexicalEmbedder.deserialize(state);
  const fit = JSON.parse(fitMeta.toString()) as LexicalFit;
  const changedSinceFit = fit.changedSinceFit + changed.length;
  const unseenShare = papers > 0 ? changedSinceFit / papers : 0;
  const sample = await build.records.byLabels(changed.slice(0, LEXICAL_FIT_SAMPLE));
  const { tokens, known } = embedder.vocabularyCoverage(sample);
  const coverage = tokens > 0 ? known / tokens : null;
  const dropped =
    coverage !== null &&
    tokens >= MIN_TOKENS_FOR_COVERAGE &&
    fit.coverage - coverage > REFIT_COVERAGE_DROP;
  const refit = unseenShare > REFIT_UNSEEN_SHARE || dropped;
  const reason =
    unseenShare > REFIT_UNSEEN_SHARE
      ? `${(unseenShare * 100).toFixed(1)}% of papers are new or changed since the fit`
      : dropped
        ? `vocabulary coverage fell from ${fit.coverage.toFixed(3)} to ${coverage?.toFixed(3)}`
        : `kept the model fitted in ${fit.fittedIn}`;
  const drift = { unseenShare, coverage, baselineCoverage: fit.coverage, refitted: refit, reason };
  return {
    embedder,
    drift,
    persist: () =>
      build.setMeta(LEXICAL_FIT_META_KEY, Buffer.from(JSON.stringify({ ...fit, changedSinceFit }))),
  };
}

async function fitLexical(
  build: IndexBuild,
  papers: number,
): Promise<BuildEmbedder & { drift: LexicalDrift }> {
  const sample = await strideSample(build, papers, LEXICAL_FIT_SAMPLE);
  const embedder = LexicalEmbedder.fit(sample);
  const { tokens, known } = embedder.vocabularyCoverage(sample);
  const fit: LexicalFit = {
    fittedIn: build.name,
    fittedPapers: sample.length,
    coverage: tokens > 0 ? known / tokens : 1,
    changedSinceFit: 0,
  };
  return {
    embedder,
    drift: {
      unseenShare: 0,
      coverage: fit.coverage,
      baselineCoverage: fit.coverage,
      refitted: true,
      reason: `fitted on ${sample.length} papers`,
    },
    persist: async () => {
      await build.setMeta(LEXICAL_MODEL_META_KEY, embedder.serialize());
      await build.setMeta(LEXICAL_FIT_META_KEY, Buffer.from(JSON.stringify(fit)));
    },
  };
}

/** Every n-th paper in label order, so at most `limit` are held and the sample is reproducible. */
async function strideSample(
  build: IndexBuild,
  papers: number,
  limit: number,
): Promise<DocumentInput[]> {
  const every = Math.max(1, Math.ceil(papers / limit));
  const sample: DocumentInput[] = [];
  let i = 0;
  for await (const page of build.records.documents(2000)) {
    for (const { title, abstract } of page) if (i++ % every === 0) sample.push({ title, abstract });
  }
  return sample;
}
