/** config.json describing the generated encoder the way Hugging Face BERT checkpoints do. */
import type { ModelPreset } from './presets.js';

export function bertConfigJson(preset: ModelPreset, vocabSize: number): Record<string, unknown> {
  return {
    architectures: ['BertModel'],
    model_type: 'bert',
    hidden_size: preset.hiddenSize,
    num_hidden_layers: preset.numLayers,
    num_attention_heads: preset.numHeads,
    intermediate_size: preset.intermediateSize,
    hidden_act: 'gelu',
    hidden_dropout_prob: 0.1,
    attention_probs_dropout_prob: 0.1,
    vocab_size: vocabSize,
    max_position_embeddings: preset.maxPositions,
    type_vocab_size: preset.typeVocabSize,
    layer_norm_eps: preset.layerNormEps,
    initializer_range: preset.initStd,
    position_embedding_type: 'absolute',
    pad_token_id: 0,
    torch_dtype: 'float32',
    use_cache: true,
  };
}
