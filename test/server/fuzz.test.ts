import { Agent, request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/server.js';
import { API_KEY, createLiveApp, type LiveApp } from '../helpers/live-index.js';
import { buildTestIndex, silentLog, type TestIndex } from '../search/test-index.js';
import { fuzzRequest, seeded, type FuzzRequest } from './fuzz-requests.js';

const REQUESTS = 2400;
const CONCURRENCY = 8;
const SEED = 20_240_601;

let index: TestIndex;
let live: LiveApp;
let server: RunningServer;
const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });

beforeAll(async () => {
  index = await buildTestIndex({ embedder: 'lexical', facets: true });
  live = await createLiveApp(index.root, { requestTimeoutMs: 10_000 });
  server = await startServer({
    app: live.app,
    holder: live.holder,
    host: '127.0.0.1',
    port: 0,
    log: silentLog,
    graceMs: 1000,
  });
});

afterAll(async () => {
  agent.destroy();
  await server?.shutdown('test');
  await live?.close();
  await index?.cleanup();
});

interface Answer {
  status: number;
  body: string;
  allow?: string;
}

function send(req: FuzzRequest): Promise<Answer | { refused: string }> {
  return new Promise((resolve) => {
    let outgoing;
    try {
      outgoing = httpRequest({
        host: '127.0.0.1',
        port: server.address.port,
        method: req.method,
        path: req.path,
        headers:
          req.body === undefined
            ? req.headers
            : { ...req.headers, 'content-length': Buffer.byteLength(req.body) },
        agent,
      });
    } catch (error) {
      // The client refused to send it (say, a character Node will not put in a path).
      resolve({ refused: (error as Error).message });
      return;
    }
    outgoing.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, allow: res.headers.allow }));
    });
    outgoing.on('error', (error) => resolve({ refused: error.message }));
    outgoing.end(req.body);
  });
}

/** A raw, malformed HTTP/1.1 message: the server's parser must answer 4xx or hang up. */
function sendRaw(bytes: string): Promise<number | null> {
  return new Promise((resolve) => {
    const socket = connect(server.address.port, '127.0.0.1');
    let data = '';
    socket.setTimeout(5000, () => socket.destroy());
    socket.on('data', (chunk) => (data += chunk));
    socket.on('close', () => {
      const match = /^HTTP\/1\.1 (\d{3})/.exec(data);
      resolve(match ? Number(match[1]) : null);
    });
    socket.on('error', () => undefined);
    socket.end(bytes);
  });
}

/**
 * What no response may contain: stack frames, source files, project files, the index's location. A 404
 * names the path asked for, so the request's own path is not counted.
 */
function leaks(body: string, path: string): boolean {
  const own = body.split(path.split('?')[0]).join('');
  return (
    /\bat [\w.<>]+ \(|node_modules|\.ts:\d|\.js:\d|SqliteError|better-sqlite3|"devDependencies"|\[core\]/.test(
      own,
    ) || own.includes(index.root)
  );
}

describe('fuzzing every endpoint', () => {
  it(`${REQUESTS} random and malformed requests: no 5xx, nothing leaked, still healthy`, async () => {
    const random = seeded(SEED);
    const ids = index.papers.map((p) => p.id);
    const requests = Array.from({ length: REQUESTS }, () => fuzzRequest(random, ids, API_KEY));
    const statuses = new Map<number, number>();
    const failures: string[] = [];
    let refused = 0;
    let next = 0;
    const worker = async () => {
      while (next < requests.length) {
        const req = requests[next++];
        const answer = await send(req);
        if ('refused' in answer) {
          refused++;
          continue;
        }
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        // A wrong method on a known path names the right ones.
        const unexplained405 = answer.status === 405 && !answer.allow;
        if (answer.status >= 500 || leaks(answer.body, req.path) || unexplained405) {
          failures.push(
            `${req.method} ${req.path.slice(0, 120)} -> ${answer.status} ${answer.body.slice(0, 200)}`,
          );
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));

    const raw = await Promise.all(
      [
        'GARBAGE\r\n\r\n',
        'GET /search?q=x HTTP/9.9\r\n\r\n',
        'GET /health HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n',
        `GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
        'POST /search HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\nzz\r\n{}\r\n0\r\n\r\n',
        'POST /search HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\n{}',
        'POST /papers HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n',
        'GET /\u0000 HTTP/1.1\r\nHost: x\r\n\r\n',
        'GET /search?q=\xff\xfe HTTP/1.1\r\nHost: x\r\n\r\n',
      ].map(sendRaw),
    );

    const sent = [...statuses.values()].reduce((a, b) => a + b, 0);
    console.info(
      `fuzz: ${sent} answered, ${refused} refused by the client, statuses ${JSON.stringify(Object.fromEntries(statuses))}, raw ${JSON.stringify(raw)}`,
    );
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThanOrEqual(2000);
    // Some raw requests are answered (4xx), the worst are closed by Node's parser (null).
    expect(raw.some((status) => status !== null)).toBe(true);
    for (const status of raw) if (status !== null) expect(status).toBeLessThan(500);

    const health = await fetch(`http://127.0.0.1:${server.address.port}/health`);
    expect(health.status).toBe(200);
    const search = await fetch(`http://127.0.0.1:${server.address.port}/search?q=graph&k=3`);
    expect(((await search.json()) as { results: unknown[] }).results).toHaveLength(3);
  });
});
