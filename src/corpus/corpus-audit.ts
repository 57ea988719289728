import { isEmptyValue, type KnownField } from './field-map.js';

/**
 * Silent-loss audit for generic inputs: per file, how many records had each known field empty,
 * and which source fields no known field took. A file whose records carry unrecognised fields
 * while a known field came through empty gets one summary line, e.g.
 * `papers.csv: authors empty for 1031 of 1031 records; unmapped fields: writers, site`,
 * which usually means a column needs an alias or `--map`.
 */
const AUDITED: readonly { label: string; fields: readonly KnownField[] }[] = [
  { label: 'title', fields: ['title'] },
  { label: 'abstract', fields: ['abstract'] },
  { label: 'authors', fields: ['authors'] },
  { label: 'categories', fields: ['categories'] },
  { label: 'published', fields: ['published', 'date', 'year'] },
  { label: 'url', fields: ['url'] },
  { label: 'doi', fields: ['doi'] },
  { label: 'arxiv_id', fields: ['arxiv_id'] },
  { label: 'venue', fields: ['venue'] },
  { label: 'keywords', fields: ['keywords'] },
];

interface FileTally {
  records: number;
  empty: Map<string, number>;
  unmapped: Set<string>;
}

export class CorpusAudit {
  private readonly files = new Map<string, FileTally>();

  /** Counts one object record of `file` under canonical names, with its unmapped fields. */
  observe(file: string, record: object, unmapped: readonly string[]): void {
    const tally = this.tally(file);
    tally.records += 1;
    for (const name of unmapped) tally.unmapped.add(name);
    const fields = record as Record<string, unknown>;
    for (const { label, fields: names } of AUDITED) {
      if (names.every((name) => isEmptyValue(fields[name]))) {
        tally.empty.set(label, (tally.empty.get(label) ?? 0) + 1);
      }
    }
  }

  /** One line per file that lost known fields while carrying unrecognised ones. */
  lines(): string[] {
    return [...this.files].flatMap(([file, tally]) => {
      if (tally.unmapped.size === 0 || tally.empty.size === 0) return [];
      return [`${file}: ${emptyCounts(tally)}; unmapped fields: ${fieldList(tally.unmapped)}`];
    });
  }

  private tally(file: string): FileTally {
    let tally = this.files.get(file);
    if (!tally) {
      tally = { records: 0, empty: new Map(), unmapped: new Set() };
      this.files.set(file, tally);
    }
    return tally;
  }
}

/** "authors, url empty for 10 of 10 records; published empty for 2 of 10 records". */
function emptyCounts(tally: FileTally): string {
  const byCount = new Map<number, string[]>();
  for (const { label } of AUDITED) {
    const count = tally.empty.get(label);
    if (count) byCount.set(count, [...(byCount.get(count) ?? []), label]);
  }
  return [...byCount]
    .sort(([a], [b]) => b - a)
    .map(([count, labels]) => `${labels.join(', ')} empty for ${count} of ${tally.records} records`)
    .join('; ');
}

/** Wide records (a whole API response) would flood the summary: name the first few. */
const LISTED_FIELDS = 12;

function fieldList(names: ReadonlySet<string>): string {
  const all = [...names];
  const more = all.length - LISTED_FIELDS;
  return all.slice(0, LISTED_FIELDS).join(', ') + (more > 0 ? ` and ${more} more` : '');
}
