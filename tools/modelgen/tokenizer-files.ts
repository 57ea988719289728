/**
 * Tokenizer files in the Hugging Face layout: tokenizer.json (read by transformers.js and the
 * tokenizers library), tokenizer_config.json, special_tokens_map.json and the classic vocab.txt.
 */
import { CONTINUATION_PREFIX, SPECIAL_TOKENS } from './vocabulary.js';

type JsonObject = Record<string, unknown>;

function idOf(vocab: readonly string[], token: string): number {
  const id = vocab.indexOf(token);
  if (id < 0) throw new Error(`Vocabulary lacks ${token}`);
  return id;
}

function addedTokens(vocab: readonly string[]): JsonObject[] {
  const specials = Object.values(SPECIAL_TOKENS).map((content) => ({
    content,
    id: idOf(vocab, content),
  }));
  return specials
    .sort((a, b) => a.id - b.id)
    .map(({ content, id }) => ({
      id,
      content,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    }));
}

/** [CLS] $A [SEP] for one text, [CLS] $A [SEP] $B [SEP] for a pair, B parts with type id 1. */
function postProcessor(vocab: readonly string[]): JsonObject {
  const { cls, sep } = SPECIAL_TOKENS;
  const special = (id: string, typeId: number) => ({ SpecialToken: { id, type_id: typeId } });
  const sequence = (id: string, typeId: number) => ({ Sequence: { id, type_id: typeId } });
  const single = [special(cls, 0), sequence('A', 0), special(sep, 0)];
  return {
    type: 'TemplateProcessing',
    single,
    pair: [...single, sequence('B', 1), special(sep, 1)],
    special_tokens: Object.fromEntries(
      [cls, sep].map((token) => [token, { id: token, ids: [idOf(vocab, token)], tokens: [token] }]),
    ),
  };
}

export function tokenizerJson(vocab: readonly string[]): JsonObject {
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: addedTokens(vocab),
    normalizer: {
      type: 'BertNormalizer',
      clean_text: true,
      handle_chinese_chars: true,
      strip_accents: null,
      lowercase: true,
    },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: postProcessor(vocab),
    decoder: { type: 'WordPiece', prefix: CONTINUATION_PREFIX, cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: SPECIAL_TOKENS.unk,
      continuing_subword_prefix: CONTINUATION_PREFIX,
      max_input_chars_per_word: 100,
      vocab: Object.fromEntries(vocab.map((token, id) => [token, id])),
    },
  };
}

export function specialTokensMap(): JsonObject {
  const { cls, mask, pad, sep, unk } = SPECIAL_TOKENS;
  return { cls_token: cls, mask_token: mask, pad_token: pad, sep_token: sep, unk_token: unk };
}

export function tokenizerConfig(modelMaxLength: number): JsonObject {
  return {
    tokenizer_class: 'BertTokenizer',
    do_lower_case: true,
    do_basic_tokenize: true,
    tokenize_chinese_chars: true,
    strip_accents: null,
    never_split: null,
    clean_up_tokenization_spaces: true,
    model_max_length: modelMaxLength,
    ...specialTokensMap(),
  };
}

/** One token per line in id order, as BertTokenizer in Python reads it. */
export function vocabTxt(vocab: readonly string[]): string {
  return `${vocab.join('\n')}\n`;
}
