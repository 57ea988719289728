import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readArxiv } from '../../src/corpus/arxiv-reader.js';
import { readBibtex } from '../../src/corpus/bibtex-reader.js';
import { readCsv } from '../../src/corpus/csv-reader.js';
import { paperRecord, type PaperRecord } from '../../src/corpus/paper.js';
import { readRis } from '../../src/corpus/ris-reader.js';
import { toBibtex } from '../../src/export/bibtex-writer.js';
import { citationKeys } from '../../src/export/citation-keys.js';
import { toCsv } from '../../src/export/csv-writer.js';
import { toRis } from '../../src/export/ris-writer.js';
import { collect, fixture, papers } from '../corpus/helpers.js';
import { makeTempDir } from '../helpers/temp-dir.js';

/** Records that exercise every escape, name shape and date precision the writers handle. */
const TRICKY: PaperRecord[] = [
  {
    id: 'paper-1',
    title:
      'Gap Costs for RNA Alignment & Folding -- 50% of $x_1$ {braces} ~tilde^ <a> "q" ``quoted\'\' back\\slash #1',
    abstract:
      'We study ?`questions`, ligatures --- and em-dashes, 100% & more: $\\Theta(n^2)$ in C_1.',
    authors: [
      'Ludwig van Beethoven',
      'Martin Luther King Jr.',
      'José de la Fuente',
      'C. -P. Yuan',
      'European Bioinformatics Institute',
      'Jörg Müller-Straßer',
    ],
    categories: ['q-bio.GN', 'cs.DS'],
    published: '2007-09-08',
    url: 'https://example.org/a%20b_c?x=1&y=2',
    doi: '10.1007/978-3-540-74126-8_23',
    arxiv_id: '0704.0062',
    venue: 'Algorithms in Bioinformatics: 7th Workshop (WABI) & Friends',
    keywords: ['hidden Markov models', 'R&D', 'gene_finding'],
  },
  {
    id: 't-0123456789abcdef',
    title: 'Mixtures of Experts',
    abstract: 'A month-precise paper without venue or identifiers.',
    authors: ['Ada Lovelace'],
    categories: [],
    published: '2021-03-01',
    url: null,
    doi: null,
    arxiv_id: null,
    venue: null,
    keywords: [],
  },
  {
    id: 't-fedcba9876543210',
    title: 'Mixtures of Experts Revisited',
    abstract: 'Same first author, year and first word: the citation key needs a suffix.',
    authors: ['Ada Lovelace', 'Charles Babbage'],
    categories: ['Machine Learning'],
    published: '2021-01-01',
    url: 'https://example.org/moe',
    doi: '10.5555/moe.2021',
    arxiv_id: null,
    venue: 'Journal of Examples',
    keywords: ['experts'],
  },
];

/** The id a reader derives for an exported record: arXiv id, DOI, else the key it was given. */
function expectedId(record: PaperRecord, key: string): string {
  return record.arxiv_id ?? (record.doi ? `doi:${record.doi}` : key);
}

describe('exported files read back through the project readers', async () => {
  const tmp = await makeTempDir();
  afterAll(() => tmp.cleanup());
  let records: PaperRecord[];

  beforeAll(async () => {
    const real = papers(await collect(readArxiv(fixture('arxiv-snapshot-real.jsonl'))));
    records = [...TRICKY, ...real.map(paperRecord)];
  });

  async function readBack(
    name: string,
    text: string,
    reader: (file: string) => AsyncIterable<never>,
  ) {
    const file = join(tmp.dir, name);
    await writeFile(file, text, 'utf8');
    const events = await collect(reader(file));
    expect(events.filter((event: { kind: string }) => event.kind === 'skip')).toEqual([]);
    return papers(events).map(paperRecord);
  }

  it('CSV gives back every record unchanged', async () => {
    const back = await readBack('papers.csv', toCsv(records), readCsv as never);
    expect(back).toEqual(records);
  });

  it('BibTeX gives back every field it carries', async () => {
    const keys = citationKeys(records);
    const back = await readBack('papers.bib', toBibtex(records), readBibtex as never);
    expect(back).toEqual(
      records.map((record, index) => ({
        ...record,
        id: expectedId(record, keys[index]),
        // BibTeX has no categories; an arXiv paper keeps its primary one.
        categories: record.arxiv_id ? record.categories.slice(0, 1) : [],
        // The parser returns keywords sorted, as Better BibTeX does.
        keywords: [...record.keywords].sort((a, b) =>
          a.toLowerCase().localeCompare(b.toLowerCase()),
        ),
      })),
    );
  });

  it('RIS gives back every field it carries', async () => {
    const back = await readBack('papers.ris', toRis(records), readRis as never);
    expect(back).toEqual(
      records.map((record) => ({ ...record, id: expectedId(record, record.id), categories: [] })),
    );
  });
});

describe('citationKeys', () => {
  it('is family name, year and first significant title word, with a/b suffixes', () => {
    expect(citationKeys(TRICKY)).toEqual([
      'beethoven2007gap',
      'lovelace2021mixtures',
      'lovelace2021mixturesa',
    ]);
  });
});
