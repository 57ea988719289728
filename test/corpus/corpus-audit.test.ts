import { describe, expect, it } from 'vitest';
import { CorpusAudit } from '../../src/corpus/corpus-audit.js';
import { fieldMapFrom, parseFieldMapping } from '../../src/corpus/field-map.js';
import { readJsonl } from '../../src/corpus/jsonl-reader.js';
import { collect, fixture, outline, papers } from './helpers.js';

describe('the silent-loss audit', () => {
  const file = fixture('unmapped.jsonl');

  it('names the known fields that came through empty and the fields nothing took', async () => {
    const audit = new CorpusAudit();
    const events = await collect(readJsonl(file, { audit }));
    expect(outline(events)).toEqual([
      '1: skip missing title',
      '2: skip missing title',
      '3: Polymer Quantum Mechanics and its Continuum Limit',
    ]);
    expect(audit.lines()).toEqual([
      `${file}: authors, categories, url, doi, arxiv_id, venue, keywords empty for 3 of 3 records; ` +
        'title, abstract empty for 2 of 3 records; unmapped fields: name, summary, writers, pages',
    ]);
  });

  it('goes quiet once --map takes the unrecognised fields', async () => {
    const audit = new CorpusAudit();
    const fieldMap = fieldMapFrom(
      ['title=name', 'abstract=summary', 'authors=writers', 'venue=pages'].map(parseFieldMapping),
    );
    const read = papers(await collect(readJsonl(file, { audit, fieldMap })));
    expect(read.map((paper) => paper.authors)).toEqual([
      ['Ileana Streinu', 'Louis Theran'],
      ['I. Csiszár', 'F. Hiai', 'D. Petz'],
      ['Alejandro Corichi'],
    ]);
    expect(audit.lines()).toEqual([]);
  });

  it('stays quiet for files without unrecognised fields', async () => {
    const audit = new CorpusAudit();
    await collect(readJsonl(fixture('papers.jsonl'), { audit }));
    expect(audit.lines()).toEqual([]);
  });
});
