import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/harvest/${name}`, import.meta.url), 'utf8');

/** The `<record>` elements of a recorded OAI-PMH response, byte for byte, by arXiv id. */
export function recordedArxivRecords(): Map<string, string> {
  const records = new Map<string, string>();
  for (const file of ['arxiv/hep-th-2017-12-14.xml', 'arxiv/single-2018-01-26.xml']) {
    for (const record of fixture(file).match(/<record>[\s\S]*?<\/record>/g) ?? []) {
      const id = /<identifier>oai:arXiv\.org:([^<]+)<\/identifier>/.exec(record)?.[1];
      if (id) records.set(id, record);
    }
  }
  return records;
}

/** A recorded response file as it is (the OAI-PMH errors). */
export const recordedResponse = fixture;

/**
 * A ListRecords page around recorded records, with the envelope of the recorded hep-th response
 * and a resumption token element in arXiv's form (`cursor`, `completeListSize`, empty when last).
 */
export function listRecordsPage(
  records: readonly string[],
  token: { value: string | null; cursor: number; size: number },
): string {
  const head = fixture('arxiv/hep-th-2017-12-14.xml').split('<ListRecords>')[0];
  const resumption = token.value
    ? `<resumptionToken cursor="${token.cursor}" completeListSize="${token.size}">${token.value}</resumptionToken>`
    : `<resumptionToken cursor="${token.cursor}" completeListSize="${token.size}"></resumptionToken>`;
  return `${head}<ListRecords>\n${records.join('\n')}\n${resumption}\n</ListRecords>\n</OAI-PMH>\n`;
}

/** A recorded record with its header marked deleted, as OAI-PMH sends it: header only. */
export function deletedRecord(record: string, datestamp: string): string {
  const header = /<header>[\s\S]*?<\/header>/.exec(record)?.[0] ?? '';
  return `<record>\n${header
    .replace('<header>', '<header status="deleted">')
    .replace(/<datestamp>[^<]*<\/datestamp>/, `<datestamp>${datestamp}</datestamp>`)}\n</record>`;
}

export type Reply = { status?: number; headers?: Record<string, string>; body: string } | 'hang';

/** Answers each request by the handler; every request URL is logged, 'hang' never answers. */
export interface ReplayServer {
  url: string;
  requests: URL[];
  close(): Promise<void>;
}

export async function replayServer(
  handler: (url: URL, index: number) => Reply,
): Promise<ReplayServer> {
  const requests: URL[] = [];
  const hanging: ServerResponse[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push(url);
    const reply = handler(url, requests.length - 1);
    if (reply === 'hang') {
      hanging.push(res);
      return;
    }
    res.writeHead(reply.status ?? 200, {
      'content-type': 'text/xml; charset=utf-8',
      ...reply.headers,
    });
    res.end(reply.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
