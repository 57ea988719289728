import { describe, expect, it } from 'vitest';
import { SNIPPET_CHARS, snippet } from '../../src/search/snippet.js';

describe('snippet', () => {
  it('returns a short abstract whole, with whitespace collapsed', () => {
    expect(snippet('A short\n  abstract.')).toBe('A short abstract.');
  });

  it('cuts a long abstract at a word boundary and marks the cut', () => {
    const text = 'word '.repeat(100);
    const out = snippet(text);
    expect(out.endsWith('word…')).toBe(true);
    expect(out.length).toBeLessThanOrEqual(SNIPPET_CHARS + 1);
    expect(out.length).toBeGreaterThan(SNIPPET_CHARS / 2);
  });

  it('does not leave trailing punctuation before the ellipsis', () => {
    const text = `${'a'.repeat(200)}, ${'b'.repeat(30)}, ${'c'.repeat(50)}`;
    expect(snippet(text)).toBe(`${'a'.repeat(200)}, ${'b'.repeat(30)}…`);
  });

  it('cuts one very long token instead of returning nothing', () => {
    expect(snippet('x'.repeat(1000))).toBe(`${'x'.repeat(SNIPPET_CHARS)}…`);
  });
});
