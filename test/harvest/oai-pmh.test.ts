import { describe, expect, it } from 'vitest';
import { arxivChange } from '../../src/harvest/arxiv-oai-record.js';
import {
  BadResumptionTokenError,
  HarvestPageError,
  listRecordsUrl,
  parsePage,
} from '../../src/harvest/oai-pmh.js';
import { ARXIV_TOKEN, firstPage, IDS, nextDayPage, secondPage } from './arxiv-scenario.js';
import { recordedResponse } from './replay-server.js';

const URL_ = 'http://127.0.0.1/oai?verb=ListRecords';

describe('OAI-PMH ListRecords pages', () => {
  it('reads records, datestamps and the resumption token with its list size', () => {
    const page = parsePage(firstPage(), URL_, 1);
    expect(page.records.map((r) => r.identifier)).toEqual([
      `oai:arXiv.org:${IDS.hoehn}`,
      `oai:arXiv.org:${IDS.castro}`,
    ]);
    expect(page.records[0]).toMatchObject({ datestamp: '2017-12-14', deleted: false });
    expect(page).toMatchObject({ resumptionToken: ARXIV_TOKEN, completeListSize: 3 });
    expect(parsePage(secondPage(), URL_, 2)).toMatchObject({ resumptionToken: null });
  });

  it('maps a deleted header to a removal and a record to the paper the snapshot reader makes', () => {
    const [added, deleted] = parsePage(nextDayPage(), URL_, 1).records.map(arxivChange);
    expect(deleted).toEqual({ op: 'delete', id: IDS.correa });
    expect(added).toMatchObject({
      op: 'upsert',
      paper: {
        id: IDS.sergyeyev,
        title: 'New integrable (3+1)-dimensional systems and contact geometry',
        authors: ['A. Sergyeyev'],
        categories: ['math.AP', 'hep-th', 'math-ph', 'math.DG', 'math.MP', 'nlin.SI'],
        published: '2014-01-09',
        doi: '10.1007/s11005-017-1013-4',
        venue: 'Lett. Math. Phys. 108 (2018), no. 2, 359-376',
      },
    });
  });

  it('reads noRecordsMatch as an empty last page', () => {
    const page = parsePage(recordedResponse('arxiv/no-records-match.xml'), URL_, 1);
    expect(page).toMatchObject({ records: [], resumptionToken: null });
  });

  it('fails on badResumptionToken and on malformed XML, naming the page', () => {
    expect(() => parsePage(recordedResponse('arxiv/bad-resumption-token.xml'), URL_, 3)).toThrow(
      BadResumptionTokenError,
    );
    expect(() => parsePage(recordedResponse('arxiv/bad-resumption-token.xml'), URL_, 3)).toThrow(
      /^page 3 \(http:\/\/127\.0\.0\.1\/oai\?verb=ListRecords\): OAI-PMH error badResumptionToken: This resumptionToken is invalid$/,
    );
    const truncated = firstPage().slice(0, firstPage().indexOf('</abstract>'));
    expect(() => parsePage(truncated, URL_, 2)).toThrow(HarvestPageError);
    expect(() => parsePage(truncated, URL_, 2)).toThrow(
      /^page 2 \(.*\): malformed XML at line \d+/,
    );
    expect(() => parsePage('<html>busy</html>', URL_, 4)).toThrow(
      /page 4 .*not an OAI-PMH response/,
    );
  });

  it('sends the resumption token alone, as the protocol requires', () => {
    const request = {
      endpoint: 'http://h/oai',
      metadataPrefix: 'arXiv',
      set: 'cs',
      from: '2024-01-01',
      until: null,
    };
    expect(listRecordsUrl(request, null)).toBe(
      'http://h/oai?verb=ListRecords&metadataPrefix=arXiv&set=cs&from=2024-01-01',
    );
    expect(listRecordsUrl(request, 'a|1')).toBe(
      'http://h/oai?verb=ListRecords&resumptionToken=a%7C1',
    );
  });
});
