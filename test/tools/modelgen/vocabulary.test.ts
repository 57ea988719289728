import { describe, expect, it } from 'vitest';
import { buildVocabulary, countWords, SPECIAL_TOKENS } from '../../../tools/modelgen/vocabulary.js';

const TEXTS = [
  'Graph networks learn graph structure.',
  'Neural networks and graph neural networks.',
  'Learning to rank; learning rates.',
];

async function vocabulary(size: number, fill = false, texts = TEXTS): Promise<string[]> {
  return buildVocabulary(await countWords(texts), { size, fill });
}

describe('countWords', () => {
  it('counts lower-cased, pre-tokenized words', async () => {
    const counts = await countWords(['Graph graph, GRAPH.']);
    expect(Object.fromEntries(counts)).toEqual({ graph: 3, ',': 1, '.': 1 });
  });
});

describe('buildVocabulary', () => {
  it("keeps BERT's special-token ids", async () => {
    const vocab = await vocabulary(500);
    const { pad, unk, cls, sep, mask } = SPECIAL_TOKENS;
    expect([pad, unk, cls, sep, mask].map((t) => vocab.indexOf(t))).toEqual([
      0, 100, 101, 102, 103,
    ]);
    expect(vocab[1]).toBe('[unused0]');
    expect(vocab[99]).toBe('[unused98]');
  });

  it('holds every character seen, plain and as a ## continuation', async () => {
    const vocab = new Set(await vocabulary(500));
    for (const char of new Set(TEXTS.join('').toLowerCase().replace(/\s/g, ''))) {
      expect(vocab.has(char)).toBe(true);
      expect(vocab.has(`##${char}`)).toBe(true);
    }
  });

  it('orders words by frequency, ties alphabetically', async () => {
    const vocab = await vocabulary(500);
    const words = [
      'graph',
      'networks',
      'learning',
      'neural',
      'and',
      'learn',
      'rank',
      'rates',
      'structure',
      'to',
    ];
    const positions = words.map((w) => vocab.indexOf(w));
    expect(positions.every((p) => p > 103)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it('adds subword pieces shared by several words', async () => {
    const vocab = await vocabulary(500);
    expect(vocab).toContain('##ra'); // graph, rank, rates
    expect(vocab).toContain('le'); // learn, learning
  });

  it('does not depend on the order of the corpus', async () => {
    expect(await vocabulary(500, false, [...TEXTS].reverse())).toEqual(await vocabulary(500));
  });

  it('respects the size cap and pads with [unusedN] when asked to fill', async () => {
    const capped = await vocabulary(130);
    expect(capped).toHaveLength(130);
    const filled = await vocabulary(1000, true);
    expect(filled).toHaveLength(1000);
    expect(filled.at(-1)).toMatch(/^\[unused\d+\]$/);
    expect(new Set(filled).size).toBe(filled.length);
  });
});
