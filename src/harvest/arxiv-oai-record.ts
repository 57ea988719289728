import { fromArxivRecord } from '../corpus/arxiv-reader.js';
import { mapRecord } from '../corpus/record-mapper.js';
import type { PaperChange } from '../index/change-log.js';
import type { OaiRecord } from './oai-pmh.js';

/** arXiv's OAI identifiers: `oai:arXiv.org:2101.00001`, `oai:arXiv.org:hep-th/9901001`. */
const ARXIV_OAI_PREFIX = /^oai:arXiv\.org:/i;

/**
 * A record in arXiv's `arXiv` metadata format as a change: a deleted header removes the paper,
 * anything else is rewritten into the snapshot's shape and mapped as the snapshot reader maps
 * it, so a paper has the same id and fields whether it came by harvest or by snapshot.
 */
export function arxivChange(record: OaiRecord): PaperChange | { skip: string } {
  const id = record.identifier.replace(ARXIV_OAI_PREFIX, '');
  if (record.deleted) return { op: 'delete', id };
  const arxiv = record.metadata?.arXiv as Record<string, unknown> | undefined;
  if (!arxiv) return { skip: `${record.identifier}: no arXiv metadata` };
  const mapped = mapRecord(fromArxivRecord(snapshotShape(arxiv, id)));
  return mapped.ok ? { op: 'upsert', paper: mapped.paper } : { skip: `${id}: ${mapped.reason}` };
}

/** The `arXiv` format's elements under the snapshot's field names. */
function snapshotShape(
  arxiv: Record<string, unknown>,
  fallbackId: string,
): Record<string, unknown> {
  const authors = (arxiv.authors as { author?: unknown } | undefined)?.author;
  return {
    id: text(arxiv.id) ?? fallbackId,
    title: text(arxiv.title),
    abstract: text(arxiv.abstract),
    authors_parsed: Array.isArray(authors) ? authors.map(nameParts) : [],
    categories: text(arxiv.categories),
    versions: [{ created: text(arxiv.created) }],
    update_date: text(arxiv.updated) ?? text(arxiv.created),
    doi: text(arxiv.doi),
    'journal-ref': text(arxiv['journal-ref']),
  };
}

/** `<author><keyname/><forenames/><suffix/></author>` as the snapshot's [last, first, suffix]. */
function nameParts(author: unknown): string[] {
  const fields = (author ?? {}) as Record<string, unknown>;
  return [text(fields.keyname) ?? '', text(fields.forenames) ?? '', text(fields.suffix) ?? ''];
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}
