import { describe, expect, it } from 'vitest';
import { markupKind } from '../../src/corpus/markup-sniff.js';

describe('markupKind', () => {
  it.each([
    ['@Proceedings{MIDL-2026,', 'BibTeX'],
    ['  booktitle = {Medical Imaging with Deep Learning},', 'BibTeX'],
    ['  year = 2026,', 'BibTeX'],
    ['TY  - JOUR', 'RIS'],
    ['{"id":"p-1","title":"x"}', 'JSON'],
    ['[', 'JSON'],
    ['<?xml version="1.0"?>', 'XML'],
    ['id,title,abstract,authors', 'CSV'],
  ])('%s is %s', (line, kind) => {
    expect(markupKind(line)).toBe(kind);
  });

  it.each([
    '[Re] Reproducibility Study of a Fairness Method',
    'N=4 Super Yang-Mills Amplitudes',
    'Commas, Quotes and "Escapes"',
    'Get trending papers in your email inbox!',
  ])('%s is plain text', (line) => {
    expect(markupKind(line)).toBeNull();
  });
});
