import { FIRST_NAMES, LAST_NAMES } from './english.js';

/**
 * The bibliographic side of a synthetic arXiv record: submission dates that grow over the
 * years as arXiv's did, identifiers in the scheme of their time, versions, authors, and
 * a DOI and journal reference on some papers.
 */

/** Approximate new submissions per year, 1991–2025 (arXiv's statistics, rounded). */
const PER_YEAR = [
  300, 3000, 7000, 10000, 13000, 16000, 19000, 24000, 28000, 30000, 33000, 36000, 39000, 44000,
  47000, 50000, 56000, 59000, 64000, 70000, 77000, 84000, 92000, 98000, 105000, 113000, 124000,
  140000, 156000, 178000, 181000, 186000, 208000, 240000, 270000,
];
const FIRST_YEAR = 1991;
const CUMULATIVE = PER_YEAR.reduce<number[]>((acc, n) => [...acc, (acc.at(-1) ?? 0) + n], []);
const TOTAL = CUMULATIVE[CUMULATIVE.length - 1];
const DAY_MS = 86_400_000;

/**
 * The submission time at quantile q of all submissions: record i of n gets q = (i + 0.5) / n,
 * so a corpus is in submission order, as the snapshot is, and its years are spread as arXiv's.
 */
export function submissionTime(q: number, random: () => number): Date {
  const target = q * TOTAL;
  const year = CUMULATIVE.findIndex((c) => c > target);
  const before = year === 0 ? 0 : CUMULATIVE[year - 1];
  const fraction = (target - before) / PER_YEAR[year];
  const start = Date.UTC(FIRST_YEAR + year, 0, 1);
  const end = Date.UTC(FIRST_YEAR + year + 1, 0, 1);
  const day = Math.floor(start + fraction * (end - start));
  return new Date(Math.floor(day / DAY_MS) * DAY_MS + Math.floor(random() * DAY_MS));
}

/** Identifiers as arXiv issued them: `hep-th/9608091` before April 2007, then `0704.0001`. */
export class IdentifierScheme {
  private readonly counters = new Map<string, number>();

  next(submitted: Date, archive: string): string {
    const yy = String(submitted.getUTCFullYear() % 100).padStart(2, '0');
    const mm = String(submitted.getUTCMonth() + 1).padStart(2, '0');
    const oldStyle = submitted.getTime() < Date.UTC(2007, 3, 1);
    const key = oldStyle ? `${archive}/${yy}${mm}` : `${yy}${mm}`;
    const number = (this.counters.get(key) ?? 0) + 1;
    this.counters.set(key, number);
    if (oldStyle) return `${key}${String(number).padStart(3, '0')}`;
    const digits = submitted.getUTCFullYear() >= 2015 ? 5 : 4;
    return `${key}.${String(number).padStart(digits, '0')}`;
  }
}

/** RFC 1123 dates, as the snapshot's versions carry them: "Sat, 31 Mar 2007 02:26:18 GMT". */
export function versionStamp(date: Date): string {
  return date.toUTCString();
}

export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** v1 at submission; about a third of papers are revised, some several times. */
export function versions(submitted: Date, random: () => number): Date[] {
  const out = [submitted];
  const last = Date.UTC(2025, 11, 31);
  for (let p = 0.35; random() < p && out.length < 6; p *= 0.5) {
    const next = (out.at(-1) as Date).getTime() + (1 + Math.floor(random() * 200)) * DAY_MS;
    if (next > last) break;
    out.push(new Date(next));
  }
  return out;
}

/** Authors as [last, first, suffix]: mostly a few, occasionally a large collaboration. */
export function authorList(random: () => number): Array<[string, string, string]> {
  const u = random();
  const count =
    u < 0.15
      ? 1
      : u < 0.37
        ? 2
        : u < 0.57
          ? 3
          : u < 0.71
            ? 4
            : u < 0.8
              ? 5
              : u < 0.96
                ? 6 + Math.floor(random() * 5)
                : 11 + Math.floor(random() * 50);
  return Array.from({ length: count }, () => {
    const first = FIRST_NAMES[Math.floor(random() * FIRST_NAMES.length)];
    const last = LAST_NAMES[Math.floor(random() * LAST_NAMES.length)];
    const given = random() < 0.3 ? `${first[0]}.` : first;
    return [last, given, ''] as [string, string, string];
  });
}

/** "A. Author, B. Author and C. Author", as the snapshot's authors field reads. */
export function authorsText(authors: ReadonlyArray<[string, string, string]>): string {
  const names = authors.map(([last, first]) => `${first} ${last}`);
  return names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

interface Journal {
  doi: string;
  name: string;
  archives: string[];
}

const JOURNALS: Journal[] = [
  {
    doi: '10.1103/PhysRevD',
    name: 'Phys. Rev. D',
    archives: ['hep-ph', 'hep-th', 'gr-qc', 'astro-ph', 'hep-ex', 'hep-lat'],
  },
  { doi: '10.1103/PhysRevB', name: 'Phys. Rev. B', archives: ['cond-mat', 'quant-ph', 'physics'] },
  {
    doi: '10.1103/PhysRevLett',
    name: 'Phys. Rev. Lett.',
    archives: ['cond-mat', 'quant-ph', 'hep-ph', 'physics', 'nucl-th'],
  },
  { doi: '10.1088/1475-7516', name: 'JCAP', archives: ['astro-ph', 'gr-qc'] },
  { doi: '10.1093/mnras', name: 'Mon. Not. R. Astron. Soc.', archives: ['astro-ph'] },
  { doi: '10.1007/JHEP', name: 'JHEP', archives: ['hep-th', 'hep-ph'] },
  { doi: '10.1016/j.jfa', name: 'J. Funct. Anal.', archives: ['math', 'math-ph'] },
  { doi: '10.1007/s00220', name: 'Commun. Math. Phys.', archives: ['math-ph', 'math', 'hep-th'] },
  { doi: '10.1109/TIT', name: 'IEEE Trans. Inf. Theory', archives: ['cs', 'math', 'eess'] },
  { doi: '10.1109/CVPR', name: 'CVPR', archives: ['cs', 'eess'] },
  { doi: '10.1016/j.neunet', name: 'Neural Networks', archives: ['cs', 'stat', 'q-bio'] },
  { doi: '10.1214/aos', name: 'Ann. Statist.', archives: ['stat', 'math', 'econ', 'q-fin'] },
];

/** A DOI and a journal reference on part of the papers, older ones more often. */
export function publication(
  archive: string,
  year: number,
  random: () => number,
): { doi: string | null; journalRef: string | null } {
  if (random() > (year >= 2020 ? 0.3 : 0.55)) return { doi: null, journalRef: null };
  const fitting = JOURNALS.filter((j) => j.archives.includes(archive));
  const journal = (fitting.length ? fitting : JOURNALS)[
    Math.floor(random() * (fitting.length || JOURNALS.length))
  ];
  const volume = Math.max(1, year - 1950 + Math.floor(random() * 10));
  const page = 1000 + Math.floor(random() * 99000);
  const doi = `${journal.doi}.${volume}.${page}`;
  const journalRef =
    random() < 0.7
      ? `${journal.name} ${volume}, ${page} (${year + (random() < 0.5 ? 1 : 0)})`
      : null;
  return { doi, journalRef };
}

const LICENSES = [
  'http://arxiv.org/licenses/nonexclusive-distrib/1.0/',
  'http://creativecommons.org/licenses/by/4.0/',
  'http://creativecommons.org/licenses/by-nc-sa/4.0/',
  null,
];

export function license(year: number, random: () => number): string | null {
  return year < 2004 ? null : LICENSES[Math.floor(random() * LICENSES.length)];
}

export function comments(random: () => number): string | null {
  if (random() < 0.25) return null;
  const pages = 4 + Math.floor(random() * 40);
  const figures = Math.floor(random() * 12);
  return figures ? `${pages} pages, ${figures} figures` : `${pages} pages`;
}
