import { describe, expect, it } from 'vitest';
import { arxivIdFromDoi, arxivIdIn, bareArxivId, bareDoi } from '../../src/corpus/identifiers.js';
import { mapRecord } from '../../src/corpus/record-mapper.js';

describe('identifiers', () => {
  it.each([
    ['https://doi.org/10.1/x', '10.1/x'],
    ['http://dx.doi.org/10.1/x', '10.1/x'],
    ['doi: 10.1/x', '10.1/x'],
    ['10.1/x', '10.1/x'],
  ])('bareDoi(%s)', (doi, bare) => {
    expect(bareDoi(doi)).toBe(bare);
  });

  it.each([
    ['arXiv:1706.03762v5', '1706.03762'],
    ['https://arxiv.org/abs/hep-th/9901001v2', 'hep-th/9901001'],
    ['https://arxiv.org/pdf/2101.00001.pdf', '2101.00001'],
    ['math.GT/0309136', 'math.GT/0309136'],
    ['not-an-id', 'not-an-id'],
  ])('bareArxivId(%s)', (value, bare) => {
    expect(bareArxivId(value)).toBe(bare);
  });

  it('finds arXiv ids in arXiv DOIs, links and citations', () => {
    expect(arxivIdFromDoi('10.48550/arXiv.2101.00001')).toBe('2101.00001');
    expect(arxivIdFromDoi('10.1063/1.2779138')).toBeNull();
    expect(arxivIdIn('http://arxiv.org/abs/0704.0046v1')).toBe('0704.0046');
    expect(arxivIdIn('arXiv preprint arXiv:1706.03762')).toBe('1706.03762');
    expect(arxivIdIn('https://example.org/x')).toBeNull();
  });
});

describe('the id rule', () => {
  const base = { title: 'T', abstract: 'A' };
  it.each([
    [{ ...base, id: 'own', arxiv_id: '2101.00001', doi: '10.1/x' }, 'key', 'own'],
    [{ ...base, arxiv_id: '2101.00001', doi: '10.1/x' }, 'key', '2101.00001'],
    [{ ...base, doi: '10.48550/arXiv.2101.00001' }, 'key', '2101.00001'],
    [{ ...base, doi: 'https://doi.org/10.1/x' }, 'key', 'doi:10.1/x'],
    [base, 'key', 'key'],
  ])('%j with key %s → %s', (record, key, id) => {
    const mapped = mapRecord(record, key);
    expect(mapped.ok && mapped.paper.id).toBe(id);
  });

  it('links a paper to its DOI, else to its arXiv page', () => {
    const arxiv = mapRecord({ ...base, arxiv_id: 'arXiv:2101.00001v2' });
    expect(arxiv.ok && arxiv.paper.url).toBe('https://arxiv.org/abs/2101.00001');
  });
});
