import {
  deletedRecord,
  listRecordsPage,
  recordedArxivRecords,
  recordedResponse,
  type Reply,
} from './replay-server.js';

/**
 * Two days of a set as arXiv would serve them, from recorded records. Day one: two pages
 * joined by a resumption token. Day two, asked `from` day one: a new paper, a deleted one,
 * and an updated one (the recorded record, which has its journal reference and DOI; day one
 * serves it without them, as it read before publication). Any other window: noRecordsMatch.
 */
export const ARXIV_TOKEN = '6960524|1001';
export const FIRST_DAY = '2017-12-14';
export const SECOND_DAY = '2018-01-25';

const records = recordedArxivRecords();
const record = (id: string) => {
  const found = records.get(id);
  if (!found) throw new Error(`no recorded record ${id}`);
  return found;
};
export const IDS = {
  hoehn: '1412.8323',
  castro: '1507.07790',
  correa: '1607.01710',
  sergyeyev: '1401.2122',
};

const castroBefore = record(IDS.castro)
  .replace(/<journal-ref>[\s\S]*?<\/journal-ref>/, '')
  .replace(/<doi>[\s\S]*?<\/doi>/, '');
const castroAfter = record(IDS.castro).replace(
  `<datestamp>${FIRST_DAY}</datestamp>`,
  `<datestamp>${SECOND_DAY}</datestamp>`,
);

export const firstPage = () =>
  listRecordsPage([record(IDS.hoehn), castroBefore], { value: ARXIV_TOKEN, cursor: 0, size: 3 });
export const secondPage = () =>
  listRecordsPage([record(IDS.correa)], { value: null, cursor: 2, size: 3 });
export const nextDayPage = () =>
  listRecordsPage(
    [record(IDS.sergyeyev), deletedRecord(record(IDS.correa), SECOND_DAY), castroAfter],
    { value: null, cursor: 0, size: 3 },
  );

export function arxivReplies(url: URL): Reply {
  if (url.searchParams.get('verb') !== 'ListRecords') return { status: 400, body: 'bad verb' };
  const token = url.searchParams.get('resumptionToken');
  if (token === ARXIV_TOKEN) return { body: secondPage() };
  if (token) return { body: recordedResponse('arxiv/bad-resumption-token.xml') };
  if (url.searchParams.get('metadataPrefix') !== 'arXiv')
    return { status: 400, body: 'bad prefix' };
  const from = url.searchParams.get('from');
  if (from === null) return { body: firstPage() };
  if (from === FIRST_DAY) return { body: nextDayPage() };
  return { body: recordedResponse('arxiv/no-records-match.xml') };
}
