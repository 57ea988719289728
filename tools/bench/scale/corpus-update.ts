import { hashString, mulberry32 } from '../../../src/util/prng.js';
import { versionStamp, isoDay } from '../arxiv/metadata.js';
import type { ArxivSnapshotRecord } from '../synthetic-arxiv.js';

/**
 * What one update does to a corpus of `count` papers: a share of it, in equal parts revised
 * abstracts, removed papers and new papers. Positions are line numbers in the corpus file.
 */
export interface UpdatePlan {
  /** Papers whose abstract is revised, ascending. */
  changed: number[];
  /** Papers dropped, ascending. */
  removed: number[];
  /** New papers appended at the end. */
  added: number;
}

/** The same plan for the same count, share and seed; changed and removed never overlap. */
export function planUpdate(count: number, share: number, seed: number): UpdatePlan {
  const each = Math.max(1, Math.round((count * share) / 3));
  if (2 * each > count) {
    throw new RangeError(`an update of ${share} cannot touch ${2 * each} of ${count} papers`);
  }
  const picked = sampleDistinct(count, 2 * each, mulberry32(hashString('corpus-update', seed)));
  const ascending = (values: number[]) => values.sort((a, b) => a - b);
  return {
    changed: ascending(picked.filter((_, i) => i % 2 === 0)),
    removed: ascending(picked.filter((_, i) => i % 2 === 1)),
    added: each,
  };
}

/** `m` distinct integers in [0, n), in the order drawn (Floyd's algorithm: O(m) time and space). */
export function sampleDistinct(n: number, m: number, random: () => number): number[] {
  const chosen = new Set<number>();
  const order: number[] = [];
  for (let j = n - m; j < n; j++) {
    const t = Math.floor(random() * (j + 1));
    const pick = chosen.has(t) ? j : t;
    chosen.add(pick);
    order.push(pick);
  }
  return order;
}

/** Updates are dated in 2026, one month per round, so their versions follow every original. */
function roundDate(round: number): Date {
  return new Date(Date.UTC(2026, (round - 1) % 12, 15, 12));
}

/**
 * A revision as arXiv records one: a new version whose abstract gains a sentence (taken from
 * `donor`, so it is text of the same model), the rest of the record as it was.
 */
export function reviseAbstract(
  record: ArxivSnapshotRecord,
  donor: ArxivSnapshotRecord,
  round: number,
): ArxivSnapshotRecord {
  const date = roundDate(round);
  const sentence = firstSentence(donor.abstract);
  return {
    ...record,
    abstract: `${record.abstract.trimEnd()}\n${sentence}\n`,
    versions: [
      ...record.versions,
      { version: `v${record.versions.length + 1}`, created: versionStamp(date) },
    ],
    update_date: isoDay(date),
  };
}

/**
 * A new submission of the update's month: `fresh`'s text and metadata under an identifier
 * no generated corpus uses (`2601.00001` for the first paper of round 1).
 */
export function newSubmission(
  fresh: ArxivSnapshotRecord,
  round: number,
  index: number,
): ArxivSnapshotRecord {
  const date = roundDate(round);
  const month = String(date.getUTCMonth() + 1).padStart(2, '0');
  return {
    ...fresh,
    id: `26${month}.${String(index + 1).padStart(5, '0')}`,
    versions: [{ version: 'v1', created: versionStamp(date) }],
    update_date: isoDay(date),
  };
}

function firstSentence(abstract: string): string {
  const text = abstract.replace(/\s+/g, ' ').trim();
  const end = text.indexOf('. ');
  return end === -1 ? text : text.slice(0, end + 1);
}
