import { BertTokenizer } from '@huggingface/transformers';
import { describe, expect, it } from 'vitest';
import {
  tokenizerConfig,
  tokenizerJson,
  vocabTxt,
} from '../../../tools/modelgen/tokenizer-files.js';
import { buildVocabulary, countWords } from '../../../tools/modelgen/vocabulary.js';

describe('tokenizer files', async () => {
  const vocab = buildVocabulary(await countWords(['dense retrieval of papers']), {
    size: 300,
    fill: false,
  });
  const tokenizer = new BertTokenizer(tokenizerJson(vocab), tokenizerConfig(512));
  const id = (token: string) => vocab.indexOf(token);

  it('adds [CLS] and [SEP] around one text, with type ids 0', () => {
    const encoded = tokenizer('Dense papers', {
      return_tensor: false,
      return_token_type_ids: true,
    }) as Record<string, number[]>;
    expect(encoded.input_ids).toEqual([101, id('dense'), id('papers'), 102]);
    expect(encoded.token_type_ids).toEqual([0, 0, 0, 0]);
  });

  it('marks the second text of a pair with type id 1', () => {
    const encoded = tokenizer('dense', {
      text_pair: 'papers',
      return_tensor: false,
      return_token_type_ids: true,
    }) as Record<string, number[]>;
    expect(encoded.input_ids).toEqual([101, id('dense'), 102, id('papers'), 102]);
    expect(encoded.token_type_ids).toEqual([0, 0, 0, 1, 1]);
  });

  it('splits unknown words into ## pieces and maps unseen characters to [UNK]', () => {
    expect(tokenizer.tokenize('papersdense')).toEqual([
      'papers',
      '##d',
      '##e',
      '##n',
      '##s',
      '##e',
    ]);
    expect(tokenizer.tokenize('zebra')).toEqual(['[UNK]']);
  });

  it('pads with [PAD] = 0 and truncates at model_max_length', () => {
    expect(tokenizer.pad_token_id).toBe(0);
    expect(tokenizer.model_max_length).toBe(512);
  });

  it('lists the vocabulary one token per line in id order', () => {
    expect(vocabTxt(vocab).split('\n').slice(0, 3)).toEqual(['[PAD]', '[unused0]', '[unused1]']);
  });
});
