import { basename, join } from 'node:path';
import { resolvePublished } from '../index/index-root.js';
import { readManifest, STORE_FILE } from '../index/manifest.js';
import { SqlitePaperStore } from '../index/sqlite-paper-store.js';
import type { LabelSeed } from './read-into-store.js';

/** What a build needs to know of the version published before it. */
export interface PreviousVersion {
  version: string;
  /** Last change-log sequence merged into it. */
  changesThrough: number;
  /** Every paper it holds: label and content hash by id. */
  papers: Map<string, { label: number; contentHash: string }>;
  /** One past its highest label. */
  nextLabel: number;
}

/** How the corpus of a new build differs from the previous version's. */
export interface CorpusDiff {
  added: number;
  changed: number;
  unchanged: number;
  removed: number;
}

/** The published version under `root`, read from its store; null when nothing is published. */
export async function readPreviousVersion(root: string): Promise<PreviousVersion | null> {
  const dir = await resolvePublished(root);
  if (!dir) return null;
  const manifest = await readManifest(dir);
  const store = SqlitePaperStore.open(join(dir, STORE_FILE), { readonly: true });
  try {
    const papers = new Map<string, { label: number; contentHash: string }>();
    let nextLabel = 0;
    for (const { label, id, contentHash } of store.identities()) {
      papers.set(id, { label, contentHash });
      nextLabel = Math.max(nextLabel, label + 1);
    }
    return {
      version: basename(dir),
      changesThrough: manifest.changesThrough ?? 0,
      papers,
      nextLabel,
    };
  } finally {
    store.close();
  }
}

/** Labels for an update: unchanged and changed papers keep theirs, new ones count on. */
export function labelSeed(previous: PreviousVersion): LabelSeed {
  return {
    labels: new Map([...previous.papers].map(([id, { label }]) => [id, label])),
    next: previous.nextLabel,
  };
}

export function diffCorpus(previous: PreviousVersion | null, store: SqlitePaperStore): CorpusDiff {
  const diff: CorpusDiff = { added: 0, changed: 0, unchanged: 0, removed: 0 };
  let kept = 0;
  for (const { id, contentHash } of store.identities()) {
    const before = previous?.papers.get(id);
    if (!before) diff.added++;
    else {
      kept++;
      if (before.contentHash === contentHash) diff.unchanged++;
      else diff.changed++;
    }
  }
  diff.removed = (previous?.papers.size ?? 0) - kept;
  return diff;
}
