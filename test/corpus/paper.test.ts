import { describe, expect, it } from 'vitest';
import { normalizeWhitespace } from '../../src/corpus/paper.js';

describe('normalizeWhitespace', () => {
  it('collapses runs, line breaks, tabs and other spaces, and trims', () => {
    expect(normalizeWhitespace('  a \n\tb  c ')).toBe('a b c');
    expect(normalizeWhitespace('a\nb')).toBe('a b');
    expect(normalizeWhitespace('a\u00a0b')).toBe('a b');
    expect(normalizeWhitespace(' a')).toBe('a');
    expect(normalizeWhitespace('a ')).toBe('a');
    expect(normalizeWhitespace('   ')).toBe('');
  });

  it('hands back text that is already normalised unchanged', () => {
    const text = 'Post-training quantization (PTQ) reduces the memory footprint.';
    expect(normalizeWhitespace(text)).toBe(text);
    expect(normalizeWhitespace('')).toBe('');
  });
});
