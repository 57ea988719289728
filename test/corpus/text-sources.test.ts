import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { readBibtex, readBibtexRecords } from '../../src/corpus/bibtex-reader.js';
import { CorpusError } from '../../src/corpus/corpus-error.js';
import { readRis, readRisRecords } from '../../src/corpus/ris-reader.js';
import { readLines } from '../../src/corpus/source-file.js';
import { collect, fixture } from './helpers.js';

/** Events with the file name dropped: a text and its file give the same lines and reasons. */
const positions = <T extends { file: string }>(events: T[]) =>
  events.map(({ file: _file, ...rest }) => rest);

describe('readers read text in memory as they read files', () => {
  it.each([
    ['proceedings.bib', readBibtex],
    ['zotero.ris', readRis],
  ] as const)('%s: the same papers and skips, at the same lines', async (name, read) => {
    const file = fixture(name);
    const text = await readFile(file, 'utf8');
    const fromText = await collect(read({ name: `request ${name}`, text }));
    expect(fromText.every((event) => event.file === `request ${name}`)).toBe(true);
    expect(positions(fromText)).toEqual(positions(await collect(read(file))));
  });

  it('splits any line ending, drops a byte-order mark, and ends without an empty line', async () => {
    const lines = await collect(readLines({ name: 't', text: '\uFEFFa\r\nb\rc\nd\n' }));
    expect(lines).toEqual([
      { text: 'a', line: 1 },
      { text: 'b', line: 2 },
      { text: 'c', line: 3 },
      { text: 'd', line: 4 },
    ]);
    await expect(collect(readLines({ name: 'body', text: '' }))).rejects.toThrow(
      new CorpusError('body', 'the text is empty'),
    );
  });

  it('refuses text that is not in the format, naming the text', async () => {
    await expect(collect(readBibtex({ name: 'library.bib', text: 'hello\n' }))).rejects.toThrow(
      /^library\.bib: not BibTeX/,
    );
    await expect(collect(readRis({ name: 'library.ris', text: 'hello\n' }))).rejects.toThrow(
      /^library\.ris: not RIS/,
    );
  });
});

describe('record events: entries before they are mapped into papers', () => {
  it('BibTeX: an entry without abstract is a record; directives are marked as syntax', async () => {
    const text = [
      '@string{j = "Journal of Tests"}',
      '@article{key1,',
      '  title = {Only a Title},',
      '  journal = j,',
      '  doi = {10.1/abc},',
      '}',
    ].join('\n');
    const events = await collect(readBibtexRecords({ name: 'x.bib', text }));
    expect(events).toEqual([
      { kind: 'skip', reason: '@string (not a paper)', directive: true, file: 'x.bib', line: 1 },
      {
        kind: 'record',
        record: expect.objectContaining({
          title: 'Only a Title',
          doi: '10.1/abc',
          venue: 'Journal of Tests',
        }),
        sourceKey: 'key1',
        file: 'x.bib',
        line: 2,
      },
    ]);
  });

  it('RIS: a record keeps its ID as the source key', async () => {
    const text = 'TY  - JOUR\nTI  - A Title\nID  - paper-7\nER  - \n';
    const [event] = await collect(readRisRecords({ name: 'x.ris', text }));
    expect(event).toMatchObject({ kind: 'record', sourceKey: 'paper-7', line: 1 });
  });
});
