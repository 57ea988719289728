import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { once } from 'node:events';
import { rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { hashString } from '../../../src/util/prng.js';
import { WORK_DIR } from '../project-root.js';
import {
  syntheticArxivRecords,
  writeSyntheticArxiv,
  type ArxivSnapshotRecord,
} from '../synthetic-arxiv.js';
import { ensureDir } from '../work-files.js';
import { newSubmission, planUpdate, reviseAbstract, type UpdatePlan } from './corpus-update.js';

/**
 * The scale benchmark's corpus files under the git-ignored work folder, each written once and
 * reused: the synthetic corpus of each size, the corpus after each update round, and slices.
 * Every file is written under a temporary name and renamed, so one that exists is complete.
 */
export const CORPUS_SEED = 1;

export const scaleDir = () => ensureDir(join(WORK_DIR, 'scale'));

/** The synthetic arXiv corpus of `size` papers. */
export async function ensureCorpus(size: number, log: (line: string) => void): Promise<string> {
  const file = join(await scaleDir(), `corpus-${size}.jsonl`);
  if (existsSync(file)) return file;
  log(`writing the ${size}-paper synthetic corpus (once; reused by later runs)`);
  await writeAtomically(file, (tmp) =>
    writeSyntheticArxiv(tmp, { count: size, seed: CORPUS_SEED }),
  );
  return file;
}

/** An update round's input: the previous round's corpus with `share` of it changed. */
export interface UpdatedCorpus {
  file: string;
  /** The same round as a change list: revised and new records, and removals by id. */
  changes: string;
  plan: UpdatePlan;
  papers: number;
}

/**
 * The corpus after update `round` (1, 2, …), made from `previous` (the corpus before it, of
 * `count` papers): revised abstracts, removed papers and new ones in equal shares.
 */
export async function ensureUpdatedCorpus(
  previous: string,
  count: number,
  share: number,
  round: number,
): Promise<UpdatedCorpus> {
  const file = previous.replace(/(-u\d+)?\.jsonl$/, `-u${round}.jsonl`);
  const changes = changeListOf(file);
  const plan = planUpdate(count, share, hashString(`round-${round}`, CORPUS_SEED));
  const papers = count - plan.removed.length + plan.added;
  if (!existsSync(file) || !existsSync(changes)) {
    await writeAtomically(changes, (changesTmp) =>
      writeAtomically(file, (tmp) =>
        writeUpdate(previous, { corpus: tmp, changes: changesTmp }, plan, round),
      ),
    );
  }
  return { file, changes, plan, papers };
}

/** The first `count` papers of a corpus file. */
export async function ensureSlice(corpus: string, count: number): Promise<string> {
  const file = corpus.replace(/\.jsonl$/, `-first-${count}.jsonl`);
  if (existsSync(file)) return file;
  await writeAtomically(file, async (tmp) => {
    const out = createWriteStream(tmp);
    let written = 0;
    for await (const line of lines(corpus)) {
      if (written++ === count) break;
      if (!out.write(`${line}\n`)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
  });
  return file;
}

/** `n` records spread evenly over a corpus of `count` lines, in file order. */
export async function spreadSample(
  corpus: string,
  count: number,
  n: number,
): Promise<ArxivSnapshotRecord[]> {
  const step = Math.max(1, Math.floor(count / n));
  const out: ArxivSnapshotRecord[] = [];
  let i = 0;
  for await (const line of lines(corpus)) {
    if (i++ % step === 0) out.push(JSON.parse(line) as ArxivSnapshotRecord);
    if (out.length === n) break;
  }
  return out;
}

/** Removes the update rounds derived from a corpus (they follow from it). */
export async function removeDerived(corpus: string, rounds: number): Promise<void> {
  for (let round = 1; round <= rounds; round++) {
    const file = corpus.replace(/\.jsonl$/, `-u${round}.jsonl`);
    await rm(file, { force: true });
    await rm(changeListOf(file), { force: true });
  }
}

function changeListOf(corpus: string): string {
  return corpus.replace(/\.jsonl$/, '.changes.jsonl');
}

/** Writes the corpus after the round and, beside it, the round's change list. */
async function writeUpdate(
  previous: string,
  files: { corpus: string; changes: string },
  plan: UpdatePlan,
  round: number,
): Promise<void> {
  const changed = new Set(plan.changed);
  const removed = new Set(plan.removed);
  // Donor text for revisions and the new papers' records come from a stream of their own.
  const fresh = syntheticArxivRecords({
    count: plan.changed.length + plan.added,
    seed: hashString(`fresh-${round}`, CORPUS_SEED),
  });
  const next = () => fresh.next().value as ArxivSnapshotRecord;
  const out = createWriteStream(files.corpus);
  const list = createWriteStream(files.changes);
  const writeTo = (stream: typeof out) => async (text: string) => {
    if (!stream.write(text)) await once(stream, 'drain');
  };
  const [write, change] = [writeTo(out), writeTo(list)];
  let i = 0;
  for await (const line of lines(previous)) {
    const at = i++;
    if (removed.has(at)) {
      const { id } = JSON.parse(line) as ArxivSnapshotRecord;
      await change(`${JSON.stringify({ id, deleted: true })}\n`);
      continue;
    }
    const record = changed.has(at)
      ? reviseAbstract(JSON.parse(line) as ArxivSnapshotRecord, next(), round)
      : null;
    await write(`${record ? JSON.stringify(record) : line}\n`);
    if (record) await change(`${JSON.stringify(record)}\n`);
  }
  for (let added = 0; added < plan.added; added++) {
    const text = `${JSON.stringify(newSubmission(next(), round, added))}\n`;
    await write(text);
    await change(text);
  }
  for (const stream of [out, list]) {
    stream.end();
    await once(stream, 'finish');
  }
}

function lines(file: string): AsyncIterable<string> {
  return createInterface({ input: createReadStream(file), crlfDelay: Infinity });
}

async function writeAtomically(file: string, write: (tmp: string) => Promise<void>): Promise<void> {
  const tmp = `${file}.tmp`;
  try {
    await write(tmp);
    await rename(tmp, file);
  } finally {
    await rm(tmp, { force: true });
  }
}
