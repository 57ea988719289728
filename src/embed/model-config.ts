import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PoolingMode } from './pooling.js';

/** How a model must be used for its published quality to carry over. */
export interface ModelUsage {
  pooling: PoolingMode;
  maxLength: number;
  queryPrefix: string;
  documentPrefix: string;
}

interface FamilyDefaults {
  pattern: RegExp;
  usage: Partial<ModelUsage>;
}

// Model-card conventions for families whose folders may lack sentence-transformers files.
const FAMILIES: FamilyDefaults[] = [
  {
    pattern: /bge-/i,
    usage: {
      pooling: 'cls',
      maxLength: 512,
      queryPrefix: 'Represent this sentence for searching relevant passages: ',
    },
  },
  {
    pattern: /e5-/i,
    usage: { pooling: 'mean', maxLength: 512, queryPrefix: 'query: ', documentPrefix: 'passage: ' },
  },
  { pattern: /minilm|mpnet|sentence-transformers/i, usage: { pooling: 'mean', maxLength: 256 } },
];

const GENERIC: ModelUsage = {
  pooling: 'mean',
  maxLength: 256,
  queryPrefix: '',
  documentPrefix: '',
};

/**
 * Resolves pooling, sequence limit and prefixes: explicit overrides first, then the folder's
 * sentence-transformers files, then family defaults by model id, then generic defaults.
 */
export function resolveModelUsage(
  folder: string,
  model: string,
  overrides: Partial<ModelUsage> = {},
): ModelUsage {
  const family = FAMILIES.find((f) => f.pattern.test(model))?.usage ?? {};
  const fromFolder = readSentenceTransformersFiles(folder);
  const usage = { ...GENERIC, ...family, ...fromFolder, ...definedOnly(overrides) };
  const modelLimit = readModelMaxLength(folder);
  if (modelLimit) usage.maxLength = Math.min(usage.maxLength, modelLimit);
  return usage;
}

function readSentenceTransformersFiles(folder: string): Partial<ModelUsage> {
  const found: Partial<ModelUsage> = {};
  const poolingDir = findPoolingModule(folder);
  const pooling = readJson(join(folder, poolingDir, 'config.json'));
  if (pooling?.pooling_mode_cls_token) found.pooling = 'cls';
  else if (pooling?.pooling_mode_mean_tokens) found.pooling = 'mean';
  const sbert = readJson(join(folder, 'sentence_bert_config.json'));
  if (typeof sbert?.max_seq_length === 'number') found.maxLength = sbert.max_seq_length;
  const prompts = readJson(join(folder, 'config_sentence_transformers.json'))?.prompts;
  if (typeof prompts?.query === 'string') found.queryPrefix = prompts.query;
  if (typeof prompts?.document === 'string') found.documentPrefix = prompts.document;
  else if (typeof prompts?.passage === 'string') found.documentPrefix = prompts.passage;
  return found;
}

function findPoolingModule(folder: string): string {
  const modules = readJson(join(folder, 'modules.json'));
  if (Array.isArray(modules)) {
    const pooling = modules.find((m: { type?: string }) => m.type?.endsWith('Pooling'));
    if (pooling?.path) return pooling.path;
  }
  return '1_Pooling';
}

function readModelMaxLength(folder: string): number | null {
  const config = readJson(join(folder, 'tokenizer_config.json'));
  const limit = config?.model_max_length;
  // Tokenizers without a limit carry a huge sentinel value; ignore it.
  return typeof limit === 'number' && limit < 100_000 ? limit : null;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function readJson(file: string): any {
  if (!existsSync(file)) return null;
  return JSON.parse(readFileSync(file, 'utf8'));
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
