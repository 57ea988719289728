import { describe, expect, it } from 'vitest';
import { scanBibtex, type BibChunk } from '../../src/corpus/bibtex-scanner.js';
import { collect } from './helpers.js';

async function* numbered(text: string) {
  for (const [index, line] of text.split('\n').entries()) yield { text: line, line: index + 1 };
}

const scan = (text: string): Promise<BibChunk[]> => collect(scanBibtex(numbered(text)));

describe('scanBibtex', () => {
  it('splits entries at their closing brace, across and within lines, ignoring text between', async () => {
    const chunks = await scan(
      'Comment text @ here\n@article{a,\n  title = {T {nested}},\n}  @misc{b, x = {\\{y}} trailing\n',
    );
    expect(chunks).toEqual([
      { kind: 'entry', type: 'article', text: '@article{a,\n  title = {T {nested}},\n}', line: 2 },
      { kind: 'entry', type: 'misc', text: '@misc{b, x = {\\{y}}', line: 4 },
    ]);
  });

  it('gives up an unbalanced entry at the next line that starts one, and at the end', async () => {
    const chunks = await scan('@misc{a, title = {open,\n\n@Misc{b, title={x}}\n@misc{c, t={\n');
    expect(chunks.map((chunk) => [chunk.kind, chunk.type, chunk.line])).toEqual([
      ['unterminated', 'misc', 1],
      ['entry', 'misc', 3],
      ['unterminated', 'misc', 4],
    ]);
  });
});
