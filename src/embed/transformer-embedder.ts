import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { AutoModel, AutoTokenizer, env, Tensor } from '@huggingface/transformers';
import type { PreTrainedModel, PreTrainedTokenizer } from '@huggingface/transformers';
import { documentText } from '../corpus/paper.js';
import type { DocumentInput, Embedder, EmbedderSpec } from './embedder.js';
import { batchesByLength } from './length-batches.js';
import { resolveModelUsage, type ModelUsage } from './model-config.js';
import { fetchModel } from './model-fetch.js';
import { assertModelFiles, hashModelFiles, hasModelFiles, type ModelDtype } from './model-files.js';
import { poolBatch } from './pooling.js';

export interface TransformerOptions {
  /** Model id: a folder under modelsDir, e.g. `Xenova/all-MiniLM-L6-v2`. */
  model: string;
  modelsDir: string;
  dtype: ModelDtype;
  batchSize: number;
  /** ONNX Runtime intra-op threads; 0 means one per available core. */
  threads: number;
  /** Overrides of what the model folder and family defaults say. */
  usage?: Partial<ModelUsage>;
  /** Hub to download a missing model from; unset (the default) means never download. */
  downloadFrom?: string;
}

export interface TransformerSpec extends EmbedderSpec {
  kind: 'transformer';
  model: string;
  dtype: ModelDtype;
  usage: ModelUsage;
}

/**
 * Sentence embeddings from a local transformers.js model: tokenise once, group texts by token
 * length, run the ONNX encoder per batch, pool over the attention mask, L2-normalise.
 */
export class TransformerEmbedder implements Embedder {
  readonly id: string;
  readonly checkpointed = true;
  private closingSpecials?: number;

  private constructor(
    private readonly options: TransformerOptions,
    private readonly tokenizer: PreTrainedTokenizer,
    private readonly model: PreTrainedModel,
    private readonly usage: ModelUsage,
    readonly dims: number,
    private readonly fingerprintValue: string,
  ) {
    this.id = `transformer:${options.model}:${options.dtype}`;
  }

  static async load(options: TransformerOptions): Promise<TransformerEmbedder> {
    if (options.downloadFrom && !hasModelFiles(options.modelsDir, options.model, options.dtype)) {
      await fetchModel({
        modelId: options.model,
        modelsDir: options.modelsDir,
        dtype: options.dtype,
        endpoint: options.downloadFrom,
      });
    }
    const folder = assertModelFiles(options.modelsDir, options.model, options.dtype);
    env.localModelPath = options.modelsDir;
    env.allowLocalModels = true;
    env.allowRemoteModels = false;
    // The fingerprint's file reads run alongside the session set-up, which blocks this thread.
    const [filesHash, tokenizer, model] = await Promise.all([
      hashModelFiles(folder, options.dtype),
      AutoTokenizer.from_pretrained(options.model),
      AutoModel.from_pretrained(options.model, {
        dtype: options.dtype,
        device: 'cpu',
        session_options: {
          intraOpNumThreads: onnxThreads(options.threads),
          interOpNumThreads: 1,
        },
      }),
    ]);
    const usage = resolveModelUsage(folder, options.model, options.usage);
    const dims = Number((model.config as unknown as { hidden_size: number }).hidden_size);
    const fingerprint = createHash('sha256')
      .update(filesHash)
      .update(JSON.stringify(usage))
      .digest('hex');
    return new TransformerEmbedder(options, tokenizer, model, usage, dims, fingerprint);
  }

  fingerprint(): string {
    return this.fingerprintValue;
  }

  spec(): TransformerSpec {
    return {
      kind: 'transformer',
      model: this.options.model,
      dtype: this.options.dtype,
      usage: this.usage,
    };
  }

  embedDocuments(docs: DocumentInput[]): Promise<Float32Array[]> {
    return this.embedTexts(docs.map((doc) => this.usage.documentPrefix + documentText(doc)));
  }

  async embedQuery(text: string): Promise<Float32Array> {
    const [vector] = await this.embedQueries([text]);
    return vector;
  }

  /** Concurrent queries in one forward pass: a batch costs far less than its queries one by one. */
  embedQueries(texts: string[]): Promise<Float32Array[]> {
    return this.embedTexts(texts.map((text) => this.usage.queryPrefix + text));
  }

  /** Embeds texts in any order; the result is in input order. */
  async embedTexts(texts: string[]): Promise<Float32Array[]> {
    const encoded = texts.map((text) => this.encode(text));
    const out: Float32Array[] = new Array(texts.length);
    for (const batch of batchesByLength(
      encoded.map((ids) => ids.length),
      this.options.batchSize,
    )) {
      const vectors = await this.runBatch(batch.map((i) => encoded[i]));
      batch.forEach((index, j) => (out[index] = vectors[j]));
    }
    return out;
  }

  /**
   * Token ids with the model's special tokens, truncated to the sequence limit. The content is
   * cut, not the closing special token ([SEP], </s>), as sentence-transformers does; the
   * tokenizer's own truncation would drop it.
   */
  encode(text: string): number[] {
    const ids = this.tokenizer.encode(text);
    const limit = this.usage.maxLength;
    if (ids.length <= limit) return ids;
    const tail = this.closingSpecialCount();
    return [...ids.slice(0, limit - tail), ...ids.slice(ids.length - tail)];
  }

  /** Special tokens the tokenizer appends after the content (1 for BERT's [SEP]). */
  private closingSpecialCount(): number {
    this.closingSpecials ??= Math.max(0, this.tokenizer.encode('').length - 1);
    return this.closingSpecials;
  }

  private async runBatch(sequences: number[][]): Promise<Float32Array[]> {
    const batch = sequences.length;
    const seq = Math.max(...sequences.map((s) => s.length));
    const ids = new BigInt64Array(batch * seq).fill(BigInt(this.tokenizer.pad_token_id ?? 0));
    const mask = new BigInt64Array(batch * seq);
    sequences.forEach((tokens, b) => {
      tokens.forEach((token, t) => {
        ids[b * seq + t] = BigInt(token);
        mask[b * seq + t] = 1n;
      });
    });
    const output = await this.model({
      input_ids: new Tensor('int64', ids, [batch, seq]),
      attention_mask: new Tensor('int64', mask, [batch, seq]),
    });
    const hidden = output.last_hidden_state as Tensor;
    return poolBatch(hidden.data as Float32Array, mask, batch, seq, this.dims, this.usage.pooling);
  }

  async dispose(): Promise<void> {
    await this.model.dispose();
  }
}

/**
 * Intra-op threads for a requested count, 0 meaning one per core. Set explicitly because
 * onnxruntime-node's own default ran on one core here (half the throughput on two cores).
 */
export function onnxThreads(requested: number): number {
  return requested > 0 ? requested : availableParallelism();
}
