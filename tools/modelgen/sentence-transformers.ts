/** The files that make a model folder load as a sentence-transformers model with mean pooling. */
import type { ModelPreset } from './presets.js';

export function sentenceTransformersFiles(preset: ModelPreset): Record<string, unknown> {
  return {
    'modules.json': [
      { idx: 0, name: '0', path: '', type: 'sentence_transformers.models.Transformer' },
      { idx: 1, name: '1', path: '1_Pooling', type: 'sentence_transformers.models.Pooling' },
    ],
    'sentence_bert_config.json': { max_seq_length: preset.maxSeqLength, do_lower_case: false },
    '1_Pooling/config.json': {
      word_embedding_dimension: preset.hiddenSize,
      pooling_mode_cls_token: false,
      pooling_mode_mean_tokens: true,
      pooling_mode_max_tokens: false,
      pooling_mode_mean_sqrt_len_tokens: false,
      pooling_mode_weightedmean_tokens: false,
      pooling_mode_lasttoken: false,
      include_prompt: true,
    },
  };
}
