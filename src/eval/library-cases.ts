import { hashString, mulberry32 } from '../util/prng.js';
import type { Judgment } from './judgments.js';
import type { Grades } from './metrics.js';

/**
 * Recommendation cases made from the judged "related to this paper" cases: a reader whose
 * library holds the source paper and some of the papers judged relevant to it should be
 * recommended the rest of the relevant set.
 */
export interface LibraryCase {
  /** `<related case id>/<library size>`, e.g. `r07/3`; `r07+r12/4` for two topics. */
  id: string;
  /** One topic (one related case), or two (two cases with nothing judged in common). */
  topics: 1 | 2;
  /** The library: the source paper, then relevant papers, most relevant first. */
  library: string[];
  /** The relevant papers not in the library, with their grades: what should be found. */
  relevant: Grades;
}

/** Library sizes each related case is turned into. */
export const LIBRARY_SIZES = [2, 3, 5] as const;
/** A case is kept only while this many relevant papers are left to find. */
export const MIN_LEFT_TO_FIND = 3;

/**
 * For each related case and library size L: the source paper plus L - 1 relevant papers, the
 * highest grades first and, within a grade, in an order shuffled with the case id as the seed
 * (so a case's libraries nest: the one of 3 holds the one of 2). Reproducible; no tuning.
 */
export function libraryCases(
  judgments: readonly Judgment[],
  sizes: readonly number[] = LIBRARY_SIZES,
): LibraryCase[] {
  return judgments.flatMap((judgment) => {
    if (judgment.kind !== 'related') return [];
    const members = byGradeShuffled(judgment.relevant, judgment.id);
    return sizes.flatMap((size) => {
      const library = [judgment.paper, ...members.slice(0, size - 1)];
      const relevant = new Map(
        [...judgment.relevant].filter(([id, grade]) => grade >= 1 && !library.includes(id)),
      );
      if (library.length < size || relevant.size < MIN_LEFT_TO_FIND) return [];
      return [{ id: `${judgment.id}/${size}`, topics: 1 as const, library, relevant }];
    });
  });
}

/**
 * A reader's library rarely holds one topic. Two-topic cases join the libraries of 2 of two
 * related cases that share no judged paper (each case with the next such one, in file order);
 * the relevant papers left in both are to be found. An average of two topics lies between
 * them; these cases show what that costs.
 */
export function twoTopicCases(judgments: readonly Judgment[]): LibraryCase[] {
  const single = libraryCases(judgments, [2]);
  const papersOf = (c: LibraryCase) => new Set([...c.library, ...c.relevant.keys()]);
  return single.flatMap((first, i) => {
    const own = papersOf(first);
    const second = single
      .slice(i + 1)
      .find((other) => [...papersOf(other)].every((id) => !own.has(id)));
    if (!second) return [];
    const relevant = new Map([...first.relevant, ...second.relevant]);
    const name = (c: LibraryCase) => c.id.split('/')[0];
    return [
      {
        id: `${name(first)}+${name(second)}/4`,
        topics: 2 as const,
        library: [...first.library, ...second.library],
        relevant,
      },
    ];
  });
}

function byGradeShuffled(grades: Grades, seed: string): string[] {
  const random = mulberry32(hashString(seed));
  const relevant = [...grades].filter(([, grade]) => grade >= 1).map(([id]) => id);
  const order = new Map(relevant.map((id) => [id, random()]));
  return relevant.sort(
    (a, b) =>
      (grades.get(b) as number) - (grades.get(a) as number) ||
      (order.get(a) as number) - (order.get(b) as number),
  );
}
