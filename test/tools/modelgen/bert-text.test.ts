import { BertTokenizer } from '@huggingface/transformers';
import { describe, expect, it } from 'vitest';
import { bertWords, normalizeBertText, preTokenize } from '../../../tools/modelgen/bert-text.js';
import { tokenizerConfig, tokenizerJson } from '../../../tools/modelgen/tokenizer-files.js';
import { buildVocabulary, countWords } from '../../../tools/modelgen/vocabulary.js';

const TEXTS = [
  'Attention Is All You Need: the Transformer (2017), 3.5 BLEU better!',
  'Café naïve résumé — Ünïcödé; ÅNGSTRÖM and ﬁ ligatures',
  'CJK 数学模型 mixed with α-β pruning, x^2+y^2 <= 1 and $100 @ 50%',
  'Tabs\tnew\nlines\u00a0nbsp\u0007bell\u200bzero-width',
  'Emoji 🚀 rockets and 𝒳 math letters',
];

describe('normalizeBertText', () => {
  it('lower-cases, strips accents and cleans control characters and whitespace', () => {
    expect(normalizeBertText('Café  Ünï\tX\u0007Y')).toBe('cafe  uni xy');
  });

  it('puts spaces around CJK ideographs', () => {
    expect(normalizeBertText('数学')).toBe(' 数  学 ');
  });
});

describe('preTokenize', () => {
  it('splits on whitespace and makes every punctuation mark and ASCII symbol its own word', () => {
    expect(preTokenize('x^2+y, (a)-b $5')).toEqual([
      'x',
      '^',
      '2',
      '+',
      'y',
      ',',
      '(',
      'a',
      ')',
      '-',
      'b',
      '$',
      '5',
    ]);
  });
});

describe('bertWords against the tokenizer transformers.js builds from the generated files', () => {
  it('yields exactly the words the tokenizer looks up', async () => {
    // With every word in the vocabulary, WordPiece returns the pre-tokenized words unchanged.
    const vocab = buildVocabulary(await countWords(TEXTS), { size: 10_000, fill: false });
    const tokenizer = new BertTokenizer(tokenizerJson(vocab), tokenizerConfig(512));
    for (const text of TEXTS) expect(tokenizer.tokenize(text)).toEqual(bertWords(text));
  });
});
