import { z } from 'zod';
import type { EmbedderSpec } from '../embed/embedder.js';

/** Bumped whenever a version's layout changes in a way older builds cannot read. */
export const FORMAT_VERSION = 2;

const hnswSchema = z.object({
  m: z.number().int().positive(),
  efConstruction: z.number().int().positive(),
  efSearch: z.number().int().positive(),
  // Versions written before the seed became the embedded engine's setting still hold a `seed`
  // here; it is read past (stripped), so they open unchanged.
});

/** What `harvest` fetched from one source and set or filter, kept with the version it made. */
const harvestStateSchema = z.object({
  /** Newest record date applied by a completed run: the next run asks from it. */
  through: z.string().nullable(),
  /** A run stopped between pages: where it resumes (token or cursor) and the window it asked. */
  resume: z
    .object({
      token: z.string().min(1),
      from: z.string().nullable(),
      until: z.string().nullable(),
      /** Newest record date among the pages already applied by this run. */
      latest: z.string().nullable(),
    })
    .nullable(),
  /** When the last page was applied. */
  harvestedAt: z.string(),
  /** Records applied from this source over all runs (upserts and removals). */
  records: z.number().int().nonnegative(),
});

export type HarvestState = z.infer<typeof harvestStateSchema>;
/** By source key, such as `arxiv:cs` or `openalex:primary_topic.field.id:17`. */
export type HarvestStates = Record<string, HarvestState>;

/** A file of a version as it was published: its size and the xxh3-64 of its bytes (hex). */
const fileSumSchema = z.object({
  size: z.number().int().nonnegative(),
  xxh3: z.string().regex(/^[0-9a-f]{16}$/),
});

export type FileSum = z.infer<typeof fileSumSchema>;

const calibrationSchema = z.object({
  method: z.literal('absolute'),
  /** The semantic ranking's weight in hybrid fusion; the lexical ranking gets the rest. */
  semanticWeight: z.number().min(0).max(1),
  /** The chosen weight is the most lexical within this of the best pseudo-query score. */
  standardError: z.number().nonnegative(),
  pseudoQueries: z.object({ title: z.number().int(), sentence: z.number().int() }),
  pool: z.number().int().nonnegative(),
  seed: z.number().int(),
  /** Mean nDCG@10 of the pseudo-queries' answers at each weight tried, all and by kind. */
  grid: z.array(
    z.object({
      semanticWeight: z.number(),
      ndcg10: z.number(),
      title: z.number(),
      sentence: z.number(),
    }),
  ),
  seconds: z.number().nonnegative(),
});

/** Hybrid's fusion fitted to the corpus at ingest, with the evidence it was chosen on. */
export type FusionCalibration = z.infer<typeof calibrationSchema>;

const manifestSchema = z.object({
  formatVersion: z.literal(FORMAT_VERSION),
  embedder: z.object({
    id: z.string().min(1),
    fingerprint: z.string().min(1),
    dims: z.number().int().positive(),
    spec: z.looseObject({ kind: z.enum(['transformer', 'lexical']) }),
  }),
  count: z.number().int().nonnegative(),
  /** One past the highest label the version uses: papers added later are labelled from here. */
  nextLabel: z.number().int().nonnegative(),
  /** 'exact' for small indexes (a scan), 'hnsw' otherwise. */
  search: z.enum(['exact', 'hnsw']),
  hnsw: hnswSchema,
  /** The lexical engine the version's text index was built with. */
  text: z.object({ engine: z.string().min(1) }),
  corpus: z.object({ checksum: z.string(), files: z.array(z.string()) }),
  /** How the version was made: from nothing, or by changing the version named in `base`. */
  build: z.object({
    kind: z.enum(['full', 'update']),
    base: z.string().nullable(),
  }),
  builtAt: z.string(),
  buildSeconds: z.number().nonnegative(),
  /** Last change-log sequence merged into this version; later API writes are replayed on load. */
  changesThrough: z.number().int().nonnegative(),
  /** Harvest state by source key; every update carries it forward. */
  harvest: z.record(z.string(), harvestStateSchema).optional(),
  /**
   * Every file the version reads, by path relative to its directory, with its checksum; written
   * by backends that keep files (the embedded one), absent where the engine checks its own.
   */
  files: z.record(z.string(), fileSumSchema).optional(),

  /** Absent in versions built before calibration existed: hybrid then fuses with equal weights. */
  calibration: calibrationSchema.optional(),
});

/** Describes one built index version; a version is opened only once its manifest validates. */
export type IndexManifest = z.infer<typeof manifestSchema> & {
  embedder: { spec: EmbedderSpec };
};

export class ManifestError extends Error {
  override name = 'ManifestError';
}

/** Parses and validates a manifest read from `where` (for the error message). */
export function parseManifest(json: string, where: string): IndexManifest {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new ManifestError(`the manifest of ${where} is not valid JSON`);
  }
  const version = (raw as { formatVersion?: unknown } | null)?.formatVersion;
  if (version !== FORMAT_VERSION) {
    throw new ManifestError(
      `index ${where} has format version ${String(version)}; this build reads ${FORMAT_VERSION}. Re-run ingest.`,
    );
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ManifestError(`the manifest of ${where} is invalid: ${problems.join('; ')}`);
  }
  return parsed.data as IndexManifest;
}

export function serializeManifest(manifest: IndexManifest): string {
  return `${JSON.stringify(manifestSchema.parse(manifest), null, 2)}\n`;
}

/** Refuses an embedder whose vectors would not match the ones in the index. */
export function assertEmbedderMatches(
  manifest: IndexManifest,
  embedder: { id: string; dims: number; fingerprint(): string },
): void {
  const expected = manifest.embedder;
  if (embedder.dims !== expected.dims || embedder.fingerprint() !== expected.fingerprint) {
    throw new ManifestError(
      `embedder mismatch: index was built with ${expected.id} (dims ${expected.dims}, fingerprint ` +
        `${expected.fingerprint.slice(0, 12)}), but the loaded embedder is ${embedder.id} (dims ` +
        `${embedder.dims}, fingerprint ${embedder.fingerprint().slice(0, 12)}). Re-index or load the original model.`,
    );
  }
}
