import type { DocumentInput } from '../embed/embedder.js';
import type { RecordStore, StoredPaper } from '../index/record-store.js';
import type { VectorIndex } from '../index/vector-index.js';
import { describeReference, type LibraryReference } from './library-reference.js';

/** How a library reference was matched: by an identifier, by its title, or embedded. */
export type MatchedBy = 'id' | 'doi' | 'arxiv_id' | 'title' | 'embedded';

/** A paper a recommendation is made from: the index's, or one embedded on the fly. */
export interface ProfilePaper {
  /** The index's paper; null for a reference embedded on the fly. */
  paper: StoredPaper | null;
  title: string;
  /** Title and abstract, for the lexical ranking's "more like this" query. */
  document: DocumentInput;
  vector: Float32Array;
}

/** A reference of the library matched to a paper of the index, or embedded from its abstract. */
export interface LibraryPaper extends ProfilePaper {
  index: number;
  matchedBy: MatchedBy;
  line?: number;
}

/**
 * A matched reference as responses and the CLI's JSON write it (snake_case, the paper's id).
 * An embedded one carries its abstract, so a client that keeps the library can send it again.
 */
export function libraryEntry(paper: LibraryPaper) {
  return {
    index: paper.index,
    matched_by: paper.matchedBy,
    id: paper.paper?.id ?? null,
    title: paper.title,
    ...(paper.paper ? {} : { abstract: paper.document.abstract }),
    ...(paper.line === undefined ? {} : { line: paper.line }),
  };
}

/** A reference matched nowhere, or an entry of an imported file that could not be read. */
export interface UnmatchedReference {
  /** Its place in the library (an imported file's entries are numbered in file order). */
  index: number;
  /** How the client named it (an identifier or title), or null when nothing was readable. */
  reference: string | null;
  reason: string;
  line?: number;
}

export interface ResolvedLibrary {
  papers: LibraryPaper[];
  unmatched: UnmatchedReference[];
}

/** Where references are looked up, and how a reference the index lacks is embedded. */
export interface LibrarySources {
  records: RecordStore;
  vectors: Pick<VectorIndex, 'vectorsOf'>;
  embedDocuments(docs: DocumentInput[]): Promise<Float32Array[]>;
}

/**
 * Matches every reference to the index: by id, then DOI, then arXiv id, then normalised title.
 * Found papers bring their stored vectors; the others are embedded from title and abstract
 * with the index's own embedder (in one call), or reported unmatched with the reason.
 */
export async function resolveLibrary(
  refs: readonly LibraryReference[],
  sources: LibrarySources,
): Promise<ResolvedLibrary> {
  const found = await Promise.all(refs.map((ref) => findReference(ref, sources.records)));
  const stored = refs.flatMap((ref, i) => {
    const match = found[i];
    return match ? [{ ref, ...match }] : [];
  });
  const toEmbed = refs.filter((ref, i) => !found[i] && ref.abstract);
  const unmatched: UnmatchedReference[] = refs
    .filter((ref, i) => !found[i] && !ref.abstract)
    .map((ref) => ({ ...placed(ref), reference: describeReference(ref), reason: notFound(ref) }));
  const [storedVectors, embedded] = await Promise.all([
    sources.vectors.vectorsOf(stored.map((s) => s.paper.label)),
    toEmbed.length > 0 ? sources.embedDocuments(toEmbed.map(documentOf)) : [],
  ]);
  const papers: LibraryPaper[] = [
    ...stored.map(({ ref, paper, matchedBy }, i) => ({
      ...placed(ref),
      matchedBy,
      paper,
      title: paper.title,
      document: { title: paper.title, abstract: paper.abstract },
      vector: vectorOf(storedVectors[i], paper),
    })),
    ...toEmbed.map((ref, i) => ({
      ...placed(ref),
      matchedBy: 'embedded' as const,
      paper: null,
      title: ref.title ?? '',
      document: documentOf(ref),
      vector: embedded[i],
    })),
  ];
  papers.sort((a, b) => a.index - b.index);
  return { papers, unmatched };
}

async function findReference(
  ref: LibraryReference,
  records: RecordStore,
): Promise<{ paper: StoredPaper; matchedBy: MatchedBy } | null> {
  const lookups: Array<[MatchedBy, () => Promise<StoredPaper | null>]> = [
    ['id', async () => (ref.id ? records.find({ id: ref.id }) : null)],
    ['doi', async () => (ref.doi ? records.find({ doi: ref.doi }) : null)],
    ['arxiv_id', async () => (ref.arxivId ? records.find({ arxivId: ref.arxivId }) : null)],
    ['title', async () => (ref.title ? records.find({ title: ref.title }) : null)],
  ];
  for (const [matchedBy, lookup] of lookups) {
    const paper = await lookup();
    if (paper) return { paper, matchedBy };
  }
  return null;
}

/** What was looked for, e.g. `no paper with DOI 10.1/x or title "…"`. */
function notFound(ref: LibraryReference): string {
  const tried = [
    ref.id && ref.id === ref.title ? `id or title "${ref.id}"` : ref.id && `id "${ref.id}"`,
    ref.doi && `DOI ${ref.doi}`,
    ref.arxivId && `arXiv id ${ref.arxivId}`,
    ref.title && ref.title !== ref.id ? `title "${ref.title}"` : null,
  ].filter((part): part is string => Boolean(part));
  if (tried.length === 0) return 'no identifier, title or abstract to find or embed it by';
  const looked = `no paper with ${tried.join(', or ')}`;
  // A name cannot carry an abstract; a record could have, so say it had none.
  return ref.kind === 'name' ? looked : `${looked}; not in the index and no abstract to embed`;
}

function documentOf(ref: LibraryReference): DocumentInput {
  return { title: ref.title ?? '', abstract: ref.abstract ?? '' };
}

function placed(ref: LibraryReference): Pick<LibraryPaper, 'index' | 'line'> {
  return ref.line === undefined ? { index: ref.index } : { index: ref.index, line: ref.line };
}

function vectorOf(vector: Float32Array | null, paper: StoredPaper): Float32Array {
  if (!vector)
    throw new Error(`index holds no vector for paper ${paper.id} (label ${paper.label})`);
  return vector;
}

/** Papers of the index once each (by label); embedded ones are all distinct. */
export function uniquePapers(papers: ProfilePaper[]): ProfilePaper[] {
  const seen = new Set<number>();
  return papers.filter(({ paper }) => {
    if (!paper) return true;
    if (seen.has(paper.label)) return false;
    seen.add(paper.label);
    return true;
  });
}
