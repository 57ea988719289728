import { z } from 'zod';
import { readJsonLines } from '../corpus/json-lines.js';
import type { Grades } from './metrics.js';

/**
 * How a free-text query is worded: `plain` the way a person asks, avoiding the papers' own
 * terms; `field` in the field's vocabulary. Word-matching methods find the second far easier,
 * so scores are reported for each wording apart.
 */
export const QUERY_WORDINGS = ['plain', 'field'] as const;
export type QueryWording = (typeof QUERY_WORDINGS)[number];

/**
 * A judged evaluation case: a free-text query, or a source paper whose related papers were
 * judged. `relevant` grades papers (1 partly relevant, 2 highly relevant; higher grades are
 * allowed); any paper not listed is not relevant.
 */
export type Judgment =
  | {
      kind: 'query';
      id: string;
      line: number;
      query: string;
      wording?: QueryWording;
      relevant: Grades;
    }
  | { kind: 'related'; id: string; line: number; paper: string; relevant: Grades };

export const MAX_GRADE = 3;

const paperId = z.string().trim().min(1);

const relevantSchema = z
  .record(paperId, z.int().min(0).max(MAX_GRADE))
  .refine((grades) => Object.values(grades).some((grade) => grade >= 1), {
    message: 'needs at least one paper with grade 1 or more',
  });

const judgmentSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('query'),
    id: z.string().min(1),
    query: z.string().trim().min(1),
    wording: z.enum(QUERY_WORDINGS).optional(),
    relevant: relevantSchema,
  }),
  z
    .object({
      kind: z.literal('related'),
      id: z.string().min(1),
      paper: paperId,
      relevant: relevantSchema,
    })
    .refine((j) => !(j.paper in j.relevant), {
      message: 'the source paper is judged relevant to itself',
      path: ['relevant'],
    }),
]);

/** A judgments file that fails validation; the message lists every problem as file:line. */
export class JudgmentsError extends Error {
  override name = 'JudgmentsError';

  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file}: invalid judgments\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
}

/**
 * Reads and validates a JSON Lines judgments file. Every line is checked and all problems
 * are reported together, so a hand-edited file can be fixed in one pass.
 */
export async function readJudgments(file: string): Promise<Judgment[]> {
  const judgments: Judgment[] = [];
  const problems: string[] = [];
  const firstLineOf = new Map<string, number>();
  for await (const parsed of readJsonLines(file)) {
    const where = `${file}:${parsed.line}`;
    if ('error' in parsed) {
      problems.push(`${where}: ${parsed.error}`);
      continue;
    }
    const result = judgmentSchema.safeParse(parsed.value);
    if (!result.success) {
      for (const issue of result.error.issues) {
        const path = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
        problems.push(`${where}: ${path}${issue.message}`);
      }
      continue;
    }
    const seen = firstLineOf.get(result.data.id);
    if (seen !== undefined) {
      problems.push(`${where}: id "${result.data.id}" already used on line ${seen}`);
      continue;
    }
    firstLineOf.set(result.data.id, parsed.line);
    judgments.push({
      ...result.data,
      line: parsed.line,
      relevant: new Map(Object.entries(result.data.relevant)),
    });
  }
  if (judgments.length === 0 && problems.length === 0) problems.push(`${file}: no judgments`);
  if (problems.length > 0) throw new JudgmentsError(file, problems);
  return judgments;
}

/** Every paper id a judgment names: its source paper and its judged papers. */
export function judgedPaperIds(judgment: Judgment): string[] {
  const ids = [...judgment.relevant.keys()];
  return judgment.kind === 'related' ? [judgment.paper, ...ids] : ids;
}
