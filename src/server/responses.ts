import { FUSION_METHODS } from '../search/fusion.js';
import { z } from 'zod';
import { CLOSEST_SHOWN } from '../search/closest.js';
import { MAX_EXPLAIN_TERMS } from '../search/explain.js';
import { RANK_MODES } from '../search/rank-mode.js';
import { RECOMMEND_STRATEGIES } from '../search/recommend-strategies.js';

/**
 * What every response body looks like. The routes' bodies are typed from these schemas
 * (see jsonRoute), the OpenAPI document is generated from them, and the tests check real
 * responses against them. An `id` makes a schema a named component of the document.
 */

const strings = z.array(z.string());
const date = z.iso.date();
const EMBEDDER_KINDS = ['transformer', 'lexical'] as const;

/** A library reference matched nowhere, or an entry of a library file that could not be read. */
export const UnmatchedSchema = z
  .strictObject({
    index: z.number().int().min(0).meta({
      description: "The reference's place in the library (a file's entries in file order).",
    }),
    reference: z.string().nullable().meta({
      description: 'How the reference named the paper; null for an entry that could not be read.',
    }),
    reason: z.string(),
    line: z.number().int().min(1).optional().meta({
      description: 'Where the entry starts in a BibTeX or RIS library.',
    }),
  })
  .meta({ id: 'UnmatchedReference' });

export const ErrorResponse = z
  .strictObject({
    error: z.strictObject({
      code: z.string().meta({ description: 'Stable, machine-readable error code.' }),
      message: z.string().meta({ description: 'A sentence for people.' }),
      unmatched: z.array(UnmatchedSchema).optional().meta({
        description: 'With `empty_library`: every reference and why it was not used.',
      }),
    }),
  })
  .meta({
    id: 'Error',
    description: 'Every error response: a code and a message, never a stack or a file path.',
  });

export const HealthResponse = z.strictObject({ status: z.literal('ok') }).meta({ id: 'Health' });

export const ReadyResponse = z
  .strictObject({ status: z.literal('ready'), index_version: z.string() })
  .meta({ id: 'Ready' });

export const PaperSchema = z
  .strictObject({
    id: z.string(),
    title: z.string(),
    abstract: z.string(),
    authors: strings,
    categories: strings,
    published: date.nullable(),
    url: z.string().nullable(),
    doi: z.string().nullable().meta({
      description: 'Bare DOI, e.g. 10.1103/PhysRevD.76.013009.',
    }),
    arxiv_id: z.string().nullable().meta({ description: 'arXiv identifier without version.' }),
    venue: z.string().nullable().meta({ description: 'Journal, proceedings or conference.' }),
    keywords: strings,
  })
  .meta({ id: 'Paper' });

const rank = z.number().int().min(1).nullable();
const RanksSchema = z.strictObject({ semantic: rank, lexical: rank }).meta({ id: 'Ranks' });

const HIGHLIGHTED = 'HTML: shared terms in <mark>, the rest escaped.';
const ExpandedTermSchema = z
  .strictObject({
    word: z.string(),
    weight: z.number().meta({ description: "Its weight against the query's heaviest term (1)." }),
    origin: z.discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('rm3') }),
      z.strictObject({ kind: z.literal('synonym'), of: z.string() }),
    ]),
  })
  .meta({
    id: 'ExpandedTerm',
    description: 'A term added by pseudo-relevance feedback (rm3) or as a synonym of a query word.',
  });

const ExplainSchema = z
  .strictObject({
    terms: strings.max(MAX_EXPLAIN_TERMS),
    title: z.string().meta({ description: HIGHLIGHTED }),
    snippet: z.string().meta({ description: HIGHLIGHTED }),
    ranks: RanksSchema,
    expanded: z
      .array(ExpandedTermSchema)
      .max(MAX_EXPLAIN_TERMS)
      .optional()
      .meta({ description: 'Terms a query expansion added, heaviest first; absent when none.' }),
  })
  .meta({
    id: 'Explain',
    description: "Why a result was returned: shared terms, highlights and each ranking's place.",
  });

const searchResult = {
  id: z.string(),
  title: z.string(),
  authors: strings,
  published: date.nullable(),
  url: z.string().nullable(),
  categories: strings,
  doi: PaperSchema.shape.doi,
  arxiv_id: PaperSchema.shape.arxiv_id,
  venue: PaperSchema.shape.venue,
  keywords: strings,
  score: z.number().meta({
    description: 'Cosine similarity (semantic), BM25 (lexical) or fused score (hybrid).',
  }),
  snippet: z.string(),
  explain: ExplainSchema.optional(),
};

const SearchResultSchema = z.strictObject(searchResult).meta({ id: 'SearchResult' });

const ClosestSchema = z
  .strictObject({
    id: z.string().nullable().meta({ description: 'null for a reference embedded on the fly.' }),
    title: z.string(),
    score: z.number().meta({ description: 'Cosine similarity to the result.' }),
  })
  .meta({ id: 'ClosestLibraryPaper' });

const RecommendResultSchema = z
  .strictObject({
    ...searchResult,
    closest: z
      .array(ClosestSchema)
      .max(CLOSEST_SHOWN)
      .meta({
        description: `The ${CLOSEST_SHOWN} library papers most similar to this result.`,
      }),
  })
  .meta({ id: 'RecommendResult' });

const LibraryEntrySchema = z
  .strictObject({
    index: z.number().int().min(0).meta({ description: "The reference's place in the library." }),
    matched_by: z.enum(['id', 'doi', 'arxiv_id', 'title', 'embedded']).meta({
      description: 'The identifier or title that found it, or `embedded` from its abstract.',
    }),
    id: z.string().nullable().meta({ description: "The index's paper; null when embedded." }),
    title: z.string(),
    abstract: z.string().optional().meta({
      description: 'For an embedded reference: the abstract it was embedded from.',
    }),
    line: UnmatchedSchema.shape.line,
  })
  .meta({ id: 'LibraryEntry' });

/** What every search-side response carries besides its own fields (see `identified`). */
export const IDENTITY = {
  took_ms: z.number().min(0).meta({ description: 'Server time for this request.' }),
  embedder: z.string().meta({ description: 'The embedder that built the serving index.' }),
  index_version: z.string().meta({ description: 'The index version that answered.' }),
};

const ranked = {
  k: z.number().int(),
  mode: z.enum(RANK_MODES),
  results: z.array(SearchResultSchema),
  ...IDENTITY,
};

export const PaperResponse = z
  .strictObject({ paper: PaperSchema, ...IDENTITY })
  .meta({ id: 'PaperResponse' });

export const SearchResponse = z
  .strictObject({ query: z.string(), ...ranked })
  .meta({ id: 'SearchResponse' });

export const RelatedResponse = z
  .strictObject({ id: z.string(), ...ranked })
  .meta({ id: 'RelatedResponse' });

export const RecommendResponse = z
  .strictObject({
    positive: strings,
    negative: strings,
    strategy: z.enum(RECOMMEND_STRATEGIES),
    ...ranked,
    results: z.array(RecommendResultSchema),
    library: z.array(LibraryEntrySchema).meta({
      description: 'The references used: matched to a paper of the index, or embedded.',
    }),
    unmatched: z.array(UnmatchedSchema).meta({
      description: 'References matched nowhere and entries that could not be read, with why.',
    }),
  })
  .meta({ id: 'RecommendResponse' });

export const ResolveResponse = z
  .strictObject({
    library: z.array(LibraryEntrySchema).meta({
      description: 'The references matched to a paper of the index, or embedded, in order.',
    }),
    unmatched: z.array(UnmatchedSchema).meta({
      description: 'References matched nowhere and entries that could not be read, with why.',
    }),
    ...IDENTITY,
  })
  .meta({ id: 'ResolveResponse' });

const GraphNodeSchema = z
  .strictObject({
    id: z.string(),
    title: z.string(),
    year: z.number().int().nullable(),
    published: date.nullable(),
    authors: strings,
    similarity: z.number().meta({ description: 'Cosine similarity to the paper the map is of.' }),
    ring: z.number().int().min(0).meta({
      description: '0 for the paper, 1 for its neighbours, 2 for theirs, …',
    }),
  })
  .meta({ id: 'GraphNode' });

const GraphEdgeSchema = z
  .strictObject({ source: z.string(), target: z.string(), similarity: z.number() })
  .meta({ id: 'GraphEdge' });

export const GraphResponse = z
  .strictObject({
    id: z.string(),
    size: z.number().int(),
    nodes: z.array(GraphNodeSchema),
    edges: z.array(GraphEdgeSchema),
    threshold: z.number().meta({
      description:
        'The median similarity of all pairs on the map: each paper keeps its few most ' +
        'similar pairs at or above it (its single best one when none is).',
    }),
    ...IDENTITY,
  })
  .meta({ id: 'GraphResponse' });

export const StatsResponse = z
  .strictObject({
    index_version: z.string(),
    count: z.number().int().min(0),
    backend: z
      .strictObject({
        kind: z.string().meta({
          description:
            'The engine holding the index, by its registered name (`embedded`, `postgres`, …).',
        }),
        location: z.string().meta({
          description: "The index directory's name, or the database URL without its password.",
        }),
      })
      .nullable(),
    built_at: z.iso.datetime(),
    build_seconds: z.number().min(0),
    embedder: z.strictObject({
      id: z.string(),
      kind: z.enum(EMBEDDER_KINDS),
      model: z.string().nullable(),
      dims: z.number().int().min(1),
      fingerprint: z.string(),
      spec: z.looseObject({ kind: z.enum(EMBEDDER_KINDS) }).meta({
        description: "The embedder's own settings; the rest depends on its kind.",
      }),
    }),
    search: z.strictObject({
      mode: z.enum(['exact', 'hnsw']),
      hnsw: z.strictObject({
        m: z.number().int(),
        ef_construction: z.number().int(),
        ef_search: z.number().int(),
      }),
      filter_scan_below: z.number().int().min(0).nullable(),
      text_engine: z.string().meta({ description: 'The lexical engine of the text index.' }),
    }),
    corpus: z.strictObject({ files: strings, checksum: z.string() }),
    harvest: z
      .record(
        z.string(),
        z.strictObject({
          through: z.string().nullable().meta({
            description: 'Newest record date a completed run applied; the next run asks from it.',
          }),
          interrupted: z.boolean().meta({
            description:
              'A run stopped between pages; the next one resumes after the last applied page.',
          }),
          harvested_at: z.iso.datetime(),
          records: z.number().int().min(0),
        }),
      )
      .meta({
        description:
          'What `paper-search harvest` has applied, by source and set or filter (`arxiv:cs`); empty when nothing.',
      }),
    fusion: z
      .strictObject({
        method: z.enum(FUSION_METHODS),
        semantic_weight: z.number().min(0).max(1),
        source: z.enum(['fitted', 'setting', 'equal']).meta({
          description:
            'fitted: chosen at ingest from pseudo-queries made of the corpus; setting: fixed ' +
            'by the server; equal: an index built without a fit, or another method.',
        }),
        calibration: z
          .strictObject({
            pseudo_queries: z.strictObject({ title: z.number().int(), sentence: z.number().int() }),
            pool: z.number().int(),
            standard_error: z.number(),
            seconds: z.number(),
            grid: z.array(
              z.strictObject({
                semantic_weight: z.number(),
                ndcg10: z.number(),
                title: z.number(),
                sentence: z.number(),
              }),
            ),
          })
          .nullable()
          .meta({
            description:
              "The fit's evidence: mean nDCG@10 of the pseudo-queries' answers at each weight.",
          }),
      })
      .meta({ description: "How hybrid mode fuses when a request doesn't say." }),
    took_ms: IDENTITY.took_ms,
  })
  .meta({ id: 'Stats' });

export const PaperWriteResponse = z
  .strictObject({
    id: z.string(),
    status: z.enum(['created', 'updated', 'unchanged']),
    seq: z.number().int().min(1).nullable().meta({
      description: 'Change-log sequence number; null when nothing changed.',
    }),
    index_version: z.string(),
  })
  .meta({ id: 'PaperWriteResult' });

export const PaperDeleteResponse = z
  .strictObject({
    id: z.string(),
    status: z.literal('deleted'),
    seq: z.number().int().min(1),
    index_version: z.string(),
  })
  .meta({ id: 'PaperDeleteResult' });

export const ReloadStatus = z
  .strictObject({
    id: z.number().int().min(1).meta({ description: 'The reload, for following it.' }),
    state: z.enum(['running', 'done', 'failed']),
    previous: z.string().nullable().meta({ description: 'The version served when it was asked.' }),
    current: z
      .string()
      .nullable()
      .meta({ description: 'The version served after it; null until done.' }),
    changed: z
      .boolean()
      .nullable()
      .meta({ description: 'Whether it switched versions; null until done.' }),
    status_url: z.string().meta({ description: 'Where to read how this reload goes.' }),
    started_at: z.string(),
    finished_at: z.string().nullable(),
    error: z
      .strictObject({ code: z.string(), message: z.string() })
      .nullable()
      .meta({ description: 'Why it failed (the previous version keeps serving); null otherwise.' }),
  })
  .meta({ id: 'ReloadStatus' });
