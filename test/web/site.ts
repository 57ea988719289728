import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { noExtras, type Paper, fromPaperRecord, type PaperRecord } from '../../src/corpus/paper.js';
import { startServer } from '../../src/server/server.js';
import { ingest, SAMPLE } from '../helpers/ingest.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { silentLog } from '../search/test-index.js';
import { createTestApp } from '../server/test-app.js';

export const CATEGORIES = ['cs.LG', 'cs.CL', 'cs.CV', 'stat.ML'];
const KEYWORDS = ['efficient inference', 'generative models', 'benchmarks'];
const AUTHORS = [
  'Ada Byron',
  'Alan Turing',
  'Grace Hopper',
  'Claude Shannon',
  'Katherine Johnson',
  'John von Neumann',
  'Barbara Liskov',
];

/**
 * A paper whose every field holds markup or a script URL: the page must show it as text and
 * run none of it. Its words also make it a strong match for "quantization".
 */
export const HOSTILE: Paper = {
  id: 'x-markup',
  title: 'Quantization <img src=x onerror="window.__injected=1"> & <b>bold</b> claims',
  abstract:
    'We study quantization of networks <script>window.__injected=2</script> with "quotes" & ' +
    'ampersands, and <mark>fake marks</mark> that must stay text. Quantization quantized.',
  authors: ['Mallory <i>Markup</i>'],
  categories: ['cs.CR'],
  published: '2024-01-15',
  url: 'javascript:window.__injected=3',
  ...noExtras(),
};

export interface Site {
  /** `http://127.0.0.1:PORT/` */
  base: string;
  papers: Paper[];
  byId: Map<string, Paper>;
  close(): Promise<void>;
}

/**
 * The sample corpus with categories and authors (which it lacks) plus HOSTILE, indexed with
 * the lexical embedder and served by the real app on an ephemeral loopback port.
 */
export async function startSite(): Promise<Site> {
  const temp = await makeTempDir('paper-search-web-');
  try {
    const sample = (await readFile(SAMPLE, 'utf8')).trim().split('\n');
    const papers = [
      ...sample.map((line, i): Paper => {
        const paper = fromPaperRecord(JSON.parse(line) as PaperRecord);
        return {
          ...paper,
          categories: [CATEGORIES[i % CATEGORIES.length]],
          authors: [AUTHORS[i % AUTHORS.length], AUTHORS[(i + 1 + (i % 3)) % AUTHORS.length]],
          // The sample has no keywords; some papers get them so the page can show them.
          keywords: i % 3 === 0 ? KEYWORDS.slice(i % 2, (i % 2) + 2) : paper.keywords,
        };
      }),
      HOSTILE,
    ];
    const corpus = join(temp.dir, 'papers.jsonl');
    await writeFile(corpus, papers.map((p) => JSON.stringify(p)).join('\n'));
    const indexRoot = join(temp.dir, 'index');
    await ingest({ indexRoot, inputs: [corpus] });
    const { app, holder } = await createTestApp(indexRoot);
    const running = await startServer({
      app,
      holder,
      host: '127.0.0.1',
      port: 0,
      log: silentLog,
      graceMs: 1000,
    });
    return {
      base: `http://127.0.0.1:${running.address.port}/`,
      papers,
      byId: new Map(papers.map((p) => [p.id, p])),
      close: async () => {
        await running.shutdown('tests done');
        await temp.cleanup();
      },
    };
  } catch (error) {
    await temp.cleanup();
    throw error;
  }
}
