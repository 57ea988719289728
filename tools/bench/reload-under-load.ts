import { spawn } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import type { Paper } from '../../src/corpus/paper.js';
import { SAMPLE_CORPUS } from './bench-model.js';
import { ServedIndex } from './http-load.js';
import { PROJECT_ROOT, WORK_DIR } from './project-root.js';
import { runBenchmark, type Benchmark } from './runner.js';
import { readSamplePapers } from './sample-vectors.js';
import { round } from './stats.js';
import { ensureDir } from './work-files.js';

const CONNECTIONS = 32;
const API_KEY = 'reload-bench-key';
const CLI = join(PROJECT_ROOT, 'dist', 'cli', 'main.js');

/** The share of the run after which the re-index starts; it is reloaded when it publishes. */
const REINDEX_AT = 1 / 6;

interface ReloadEvent {
  /** Seconds into the load run. */
  ingestStartedS: number;
  publishedS: number;
  reloadAnsweredS: number;
  reloadMs: number;
  outcome: { previous: string; current: string; changed: boolean };
}

/**
 * Reload under load: autocannon drives `/papers/:id/related` and `/search` from 32
 * connections for 30 s against `paper-search serve` on 127.0.0.1, while `ingest --update`
 * runs in a child process and publishes a new version mid-run, which `POST /admin/reload`
 * then swaps in. Passes only with zero failed requests (non-2xx, errors, timeouts) and the
 * new version served at the end.
 */
export const reloadBenchmark: Benchmark = {
  name: 'reload-under-load',
  title: 'Reload under load: throughput and latency while a new index version is published',
  command: (options) => `npm run bench:reload${options.quick ? ' -- --quick' : ''}`,
  async run(options, log) {
    const seconds = options.quick ? 10 : 30;
    const reindexAtS = round(seconds * REINDEX_AT, 1);
    const dir = await ensureDir(join(WORK_DIR, 'reload'));
    const root = join(dir, 'index');
    await rm(root, { recursive: true, force: true });
    const papers = await readSamplePapers();
    const next = join(dir, 'next.jsonl');
    await writeFile(
      next,
      nextCorpus(papers)
        .map((p) => JSON.stringify(p))
        .join('\n'),
    );

    log('building the first version (lexical embedder, sample corpus)');
    await ingest(['--input', SAMPLE_CORPUS, '--index', root, '--embedder', 'lexical']);
    // One loopback client would trip the per-client rate limit; it is not what is measured.
    const served = await ServedIndex.start(root, join(PROJECT_ROOT, 'models'), {
      PAPER_SEARCH_API_KEYS: API_KEY,
      PAPER_SEARCH_RATE_LIMIT: '0',
      LOG_LEVEL: 'warn',
    });
    try {
      const ids = papers.slice(0, 200).map((p) => p.id);
      const paths = ids.flatMap((id, i) => [
        `/papers/${encodeURIComponent(id)}/related?k=10`,
        `/search?q=${encodeURIComponent(papers[i].title)}&k=10`,
      ]);
      const started = performance.now();
      const at = () => round((performance.now() - started) / 1000, 2);
      log(`load: ${CONNECTIONS} connections for ${seconds} s; re-index starts at ${reindexAtS} s`);
      const load = drive(served.baseUrl, paths, seconds);
      const reload = reindexThenReload(served.baseUrl, root, next, reindexAtS, at, log);
      const [result, event] = await Promise.all([load, reload]);
      const finalVersion = await servedVersion(served.baseUrl);

      const failed = result.non2xx + result.errors + result.timeouts;
      // The check means something only if the swap happened while the load was running.
      const underLoad = event.reloadAnsweredS < seconds;
      const passed = failed === 0 && underLoad && finalVersion === event.outcome.current;
      const statuses = Object.entries(result.statusCodeStats ?? {})
        .map(([code, { count }]) => `${code}: ${count}`)
        .join(', ');
      if (failed > 0) log(`FAILED: ${failed} failed requests (${statuses})`);
      return {
        parameters: {
          connections: CONNECTIONS,
          seconds,
          reindexAtS,
          paths: paths.length,
        },
        tables: [
          {
            title: 'Requests while the index is re-published and reloaded',
            columns: [
              'requests',
              'req/s',
              'p50 ms',
              'p90 ms',
              'p99 ms',
              'max ms',
              'non-2xx',
              'errors',
              'timeouts',
            ],
            rows: [
              [
                result.requests.total,
                round(result.requests.average, 1),
                result.latency.p50,
                result.latency.p90,
                result.latency.p99,
                result.latency.max,
                result.non2xx,
                result.errors,
                result.timeouts,
              ],
            ],
          },
          {
            title: 'The reload',
            columns: [
              'ingest started s',
              'published s',
              'reload answered s',
              'reload ms',
              'from',
              'to',
            ],
            rows: [
              [
                event.ingestStartedS,
                event.publishedS,
                event.reloadAnsweredS,
                event.reloadMs,
                event.outcome.previous,
                event.outcome.current,
              ],
            ],
          },
        ],
        notes: [
          `${passed ? 'PASSED' : 'FAILED'}: ${failed} failed requests; statuses ${statuses}; ` +
            `reload ${underLoad ? 'during' : 'AFTER'} the load; served ${finalVersion} at the end.`,
          'Rate limiting is off for this run (PAPER_SEARCH_RATE_LIMIT=0): all load comes from one loopback client.',
          'The load generator, the server and the ingest share the machine: see the load average above.',
        ],
      };
    } finally {
      await served.stop();
    }
  },
};

/** The next version's corpus: 20 abstracts revised, 10 papers gone, 10 new ones. */
function nextCorpus(papers: Paper[]): Paper[] {
  const revised = papers.map((p, i) =>
    i % 25 === 7 ? { ...p, abstract: `${p.abstract} (Revised.)` } : p,
  );
  const added = papers
    .slice(0, 10)
    .map((p) => ({ ...p, id: `${p.id}-v2`, title: `${p.title}: a follow-up` }));
  return [...revised.slice(0, -10), ...added];
}

async function drive(baseUrl: string, paths: string[], seconds: number) {
  let next = 0;
  return autocannon({
    url: baseUrl,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        method: 'GET',
        setupRequest: (request) => ({ ...request, path: paths[next++ % paths.length] }),
      },
    ],
  });
}

async function reindexThenReload(
  baseUrl: string,
  root: string,
  corpus: string,
  startAtS: number,
  at: () => number,
  log: (line: string) => void,
): Promise<ReloadEvent> {
  await new Promise((resolve) => setTimeout(resolve, startAtS * 1000));
  const ingestStartedS = at();
  await ingest(['--update', '--input', corpus, '--index', root, '--embedder', 'lexical']);
  const publishedS = at();
  const sent = performance.now();
  const res = await fetch(`${baseUrl}/admin/reload`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${API_KEY}` },
  });
  const outcome = (await res.json()) as ReloadEvent['outcome'];
  const event = {
    ingestStartedS,
    publishedS,
    reloadAnsweredS: at(),
    reloadMs: Math.round(performance.now() - sent),
    outcome,
  };
  log(
    `re-index published at ${publishedS} s, reload answered ${res.status} at ${event.reloadAnsweredS} s: ${JSON.stringify(outcome)}`,
  );
  if (!res.ok) throw new Error(`reload failed: ${res.status} ${JSON.stringify(outcome)}`);
  return event;
}

async function servedVersion(baseUrl: string): Promise<string> {
  const res = await fetch(`${baseUrl}/ready`);
  return ((await res.json()) as { index_version: string }).index_version;
}

function ingest(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'ingest', ...args], {
      env: { ...process.env, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`ingest exited with ${code}`)),
    );
  });
}

// `npm run bench:reload` (add --quick for a 10 s run).
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const quick = process.argv.includes('--quick');
  runBenchmark(reloadBenchmark, { quick, rebuild: false }, (line) => console.log(line))
    .then((result) => {
      if (!result.notes[0]?.startsWith('PASSED')) process.exitCode = 1;
    })
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    });
}
