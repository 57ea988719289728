import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { readJsonLines } from '../corpus/json-lines.js';
import { readLines } from '../corpus/source-file.js';
import { JudgmentsError, type Judgment } from './judgments.js';

/**
 * A judged collection in the BEIR layout: `corpus.jsonl` (`{_id, title, text}`),
 * `queries.jsonl` (`{_id, text}`) and `qrels/<split>.tsv` (`query-id corpus-id score`, with a
 * header). Its judged queries become free-text judgments over the corpus's `_id`s.
 */
export interface JudgedCollection {
  /** The folder's name (`scifact`), which results are labelled with. */
  name: string;
  dir: string;
  split: string;
  corpusFile: string;
  /** SHA-256 of the queries and qrels files together: results name what they were scored on. */
  sha256: string;
  /** One query judgment per query with at least one relevant document in the split. */
  judgments: Judgment[];
}

export const DEFAULT_SPLIT = 'test';

export function collectionFiles(dir: string, split = DEFAULT_SPLIT) {
  return {
    corpus: join(dir, 'corpus.jsonl'),
    queries: join(dir, 'queries.jsonl'),
    qrels: join(dir, 'qrels', `${split}.tsv`),
  };
}

/**
 * Reads a BEIR folder's queries and judgments for one split. Queries of other splits are left
 * out, and so are queries the split judges nothing relevant for (no measure is defined on
 * them). Every malformed line is reported at once, as file:line.
 */
export async function readBeirCollection(
  dir: string,
  split = DEFAULT_SPLIT,
): Promise<JudgedCollection> {
  const files = collectionFiles(dir, split);
  const problems: string[] = [];
  const grades = await readQrels(files.qrels, problems);
  const queries = await readQueries(files.queries, problems);
  for (const id of grades.keys()) {
    if (!queries.has(id)) problems.push(`${files.qrels}: query "${id}" is not in queries.jsonl`);
  }
  if (grades.size === 0 && problems.length === 0) problems.push(`${files.qrels}: no judgments`);
  if (problems.length > 0) throw new JudgmentsError(files.qrels, problems);
  const judgments: Judgment[] = [];
  for (const [id, { text, line }] of queries) {
    const relevant = grades.get(id);
    if (!relevant || ![...relevant.values()].some((grade) => grade >= 1)) continue;
    judgments.push({ kind: 'query', id, line, query: text, relevant });
  }
  const hash = createHash('sha256');
  for (const file of [files.queries, files.qrels]) hash.update(await readFile(file));
  return {
    name: basename(resolve(dir)),
    dir,
    split,
    corpusFile: files.corpus,
    sha256: hash.digest('hex'),
    judgments,
  };
}

/** query id -> corpus id -> grade. The header line is skipped; a repeated pair is an error. */
async function readQrels(
  file: string,
  problems: string[],
): Promise<Map<string, Map<string, number>>> {
  const grades = new Map<string, Map<string, number>>();
  for await (const { text, line } of readLines(file)) {
    if (text.trim() === '') continue;
    const cells = text.trim().split('\t');
    if (line === 1 && cells[0] === 'query-id') continue;
    const grade = Number(cells[2]);
    if (cells.length !== 3 || !cells[0] || !cells[1] || !Number.isInteger(grade)) {
      problems.push(`${file}:${line}: expected "query-id<TAB>corpus-id<TAB>integer score"`);
      continue;
    }
    const [query, doc] = cells;
    const judged = grades.get(query) ?? new Map<string, number>();
    if (judged.has(doc)) problems.push(`${file}:${line}: "${query}" judges "${doc}" twice`);
    judged.set(doc, grade);
    grades.set(query, judged);
  }
  return grades;
}

async function readQueries(
  file: string,
  problems: string[],
): Promise<Map<string, { text: string; line: number }>> {
  const queries = new Map<string, { text: string; line: number }>();
  for await (const parsed of readJsonLines(file)) {
    const where = `${file}:${parsed.line}`;
    if ('error' in parsed) {
      problems.push(`${where}: ${parsed.error}`);
      continue;
    }
    const { _id: id, text } = (parsed.value ?? {}) as { _id?: unknown; text?: unknown };
    if (typeof id !== 'string' || id === '' || typeof text !== 'string' || !text.trim()) {
      problems.push(`${where}: expected {"_id": string, "text": non-empty string}`);
      continue;
    }
    if (queries.has(id)) problems.push(`${where}: query "${id}" repeated`);
    queries.set(id, { text, line: parsed.line });
  }
  return queries;
}
