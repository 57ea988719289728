import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_FOLD_AFTER, foldPolicy, loadConfig } from '../src/config.js';

describe('fold settings', () => {
  it('default to folding by count and by age, with a backlog limit above the count', () => {
    const config = loadConfig({});
    expect(config.PAPER_SEARCH_FOLD_WRITES_AFTER).toBe(DEFAULT_FOLD_AFTER);
    expect(
      foldPolicy({
        after: config.PAPER_SEARCH_FOLD_WRITES_AFTER,
        ageSeconds: config.PAPER_SEARCH_FOLD_WRITES_AGE_S,
        limit: config.PAPER_SEARCH_WRITES_BACKLOG_LIMIT,
      }),
    ).toEqual({ after: DEFAULT_FOLD_AFTER, maxAgeMs: 3_600_000, limit: 5 * DEFAULT_FOLD_AFTER });
  });

  it('refuse a backlog limit that leaves no room above the fold count, and bad values', () => {
    expect(() => foldPolicy({ after: 100, ageSeconds: 0, limit: 100 })).toThrow(ConfigError);
    expect(() => loadConfig({ PAPER_SEARCH_FOLD_WRITES_AFTER: '-1' })).toThrow(
      /PAPER_SEARCH_FOLD_WRITES_AFTER/,
    );
    // Folding by age alone: no count, so no derived limit unless one is set.
    expect(foldPolicy({ after: 0, ageSeconds: 60 })).toEqual({
      after: 0,
      maxAgeMs: 60_000,
      limit: 0,
    });
  });
});
