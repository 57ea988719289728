import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';

/**
 * The accepted API keys, held only as SHA-256 digests. A presented key is hashed and compared
 * with every digest by timingSafeEqual: equal-length inputs whatever the key's length, and
 * no early exit, so timing tells nothing about how much of a key was right.
 */
export class ApiKeys {
  private readonly digests: Buffer[];

  constructor(keys: Iterable<string>) {
    this.digests = [...new Set(keys)].filter((key) => key.length > 0).map(digest);
  }

  /** Keys from the environment's list plus a file of one key per line (# comments allowed). */
  static load(listed: string[], file: string | undefined): ApiKeys {
    const fromFile = file
      ? readFileSync(file, 'utf8')
          .split(/\r?\n/)
          .map((line) => line.trim())
          .filter((line) => line !== '' && !line.startsWith('#'))
      : [];
    return new ApiKeys([...listed, ...fromFile]);
  }

  get configured(): boolean {
    return this.digests.length > 0;
  }

  accepts(presented: string): boolean {
    const candidate = digest(presented);
    let match = false;
    for (const known of this.digests) match = timingSafeEqual(candidate, known) || match;
    return match;
  }
}

function digest(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}
