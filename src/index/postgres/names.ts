import { versionName } from '../version-names.js';

/**
 * Names of everything one index keeps in the database. Each index has a schema of its own
 * (`paper_search_<name>`), so several indexes share a database without sharing a table, and
 * dropping one is `DROP SCHEMA ... CASCADE`. SQL identifiers are only ever built from these
 * validated names and integers, never from request data.
 */
const INDEX_NAME = /^[a-z][a-z0-9_]{0,39}$/;

/** The schema holding the pointer rows of every index in the database. */
export const CATALOG = 'paper_search';
export const INDEXES_TABLE = `${CATALOG}.indexes`;

/** Version numbers fit an int; the largest one marks a row no version has closed yet. */
export const OPEN = 2147483647;

export function validateIndexName(name: string): string {
  if (!INDEX_NAME.test(name)) {
    throw new RangeError(
      `index name ${JSON.stringify(name)} is not valid: use 1-40 lower-case letters, digits and underscores, starting with a letter`,
    );
  }
  return name;
}

export class IndexNames {
  readonly schema: string;

  constructor(readonly index: string) {
    this.schema = `paper_search_${validateIndexName(index)}`;
  }

  table(
    name: 'versions' | 'generations' | 'meta' | 'checkpoints' | 'changes' | 'change_counter',
  ): string {
    return `${this.schema}.${name}`;
  }

  /** The rows of one generation: every version built on it shares this table. */
  rows(generation: number): string {
    return `${this.schema}.${this.rowsName(generation)}`;
  }

  rowsName(generation: number): string {
    return `rows_${checkedInt(generation)}`;
  }

  /** An index on a generation's rows, by purpose (`hnsw`, `bm25`, ...). */
  rowsIndex(generation: number, purpose: string): string {
    return `${this.rowsName(generation)}_${purpose}`;
  }

  /** Session lock key of this index's builds (one build at a time). */
  get lockKey(): string {
    return `paper-search build ${this.index}`;
  }
}

export function versionNumber(name: string): number {
  const match = /^v(\d{6,})$/.exec(name);
  if (!match)
    throw new RangeError(`not a version name: ${JSON.stringify(name)} (expected like v000007)`);
  return Number(match[1]);
}

export { versionName };

function checkedInt(n: number): number {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`not a generation number: ${n}`);
  return n;
}
