import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CHECKPOINTS_FILE } from '../../../src/index/embedded/sqlite-checkpoints.js';
import { DELTA_FILE } from '../../../src/index/embedded/version-delta.js';
import {
  DELTA_RECORDS_FILE,
  EXACT_VECTORS_FILE,
  GRAPH_FILE,
  MANIFEST_FILE,
  RECORDS_FILE,
} from '../../../src/index/embedded/version-files.js';
import { directoryBytes } from '../disk.js';
import type { IndexDisk } from './measurements.js';

/**
 * Sizes of an embedded index root by the roles of its files, named by the embedded layout
 * only: whatever a text engine keeps beside the records (files or its folder of segments)
 * counts as the text index.
 */
export function indexDisk(root: string, version: string): IndexDisk {
  const dir = join(root, version);
  const files = Object.fromEntries(
    readdirSync(dir).map((name) => [name, directoryBytes(join(dir, name))] as const),
  );
  const vectorNames = new Set([GRAPH_FILE, EXACT_VECTORS_FILE]);
  // An update's delta file (its graph operations and the vectors they add) counts as vectors.
  vectorNames.add(DELTA_FILE);
  const recordNames = new Set([RECORDS_FILE, DELTA_RECORDS_FILE]);
  const known = new Set([...vectorNames, ...recordNames, MANIFEST_FILE]);
  const sum = (keep: (name: string) => boolean) =>
    Object.entries(files).reduce((total, [name, bytes]) => total + (keep(name) ? bytes : 0), 0);
  return {
    versionBytes: directoryBytes(dir),
    vectorBytes: sum((name) => vectorNames.has(name)),
    // Files an update shares with its base (hard links) count in each version that holds them.
    recordsBytes: sum((name) => recordNames.has(name)),
    textBytes: sum((name) => !known.has(name)),
    files,
    // The store's write-ahead log and shared-memory files belong to it.
    checkpointBytes: readdirSync(root)
      .filter((name) => name.startsWith(CHECKPOINTS_FILE))
      .reduce((total, name) => total + statSync(join(root, name)).size, 0),
    rootBytes: directoryBytes(root),
  };
}
