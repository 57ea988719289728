import { describe, expect, it } from 'vitest';
import {
  LIKE_POSTINGS_BUDGET,
  withinPostingsBudget,
} from '../../../../tools/bench/lexical/queries.js';
import { LIKE_TERMS } from '../../../../src/search/lexical-query.js';
import type { TextTerm } from '../../../../src/index/text-index.js';

const term = (word: string, weight: number): TextTerm => ({ word, stem: word, weight });

describe('withinPostingsBudget', () => {
  it('keeps the best terms whose postings fit the budget, the best one always', () => {
    const share = LIKE_POSTINGS_BUDGET / 4;
    const frequencies: Record<string, number> = {
      alpha: 3 * share, // the best term: kept even though it takes most of the budget
      omega: 10, // fits
      beta: 2 * share, // would exceed the budget: left out
      gamma: share / 2, // still fits
      delta: share, // would exceed: left out
    };
    const terms = ['alpha', 'omega', 'beta', 'gamma', 'delta'].map((w, i) => term(w, 10 - i));
    const kept = withinPostingsBudget(terms, (t) => frequencies[t.word]);
    expect(kept.map((t) => t.word)).toEqual(['alpha', 'omega', 'gamma']);
  });

  it('keeps the first term even when it alone exceeds the budget, and at most LIKE_TERMS', () => {
    const huge = [term('huge', 5)];
    expect(withinPostingsBudget(huge, () => LIKE_POSTINGS_BUDGET * 2)).toHaveLength(1);
    const many = Array.from({ length: LIKE_TERMS + 5 }, (_, i) => term(`t${i}`, 100 - i));
    expect(withinPostingsBudget(many, () => 1)).toHaveLength(LIKE_TERMS);
  });
});
