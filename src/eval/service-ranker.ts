import { NotFoundError } from '../search/errors.js';
import type { SearchService } from '../search/search-service.js';
import { unknownPapers, type Ranker } from './evaluate.js';
import type { Judgment } from './judgments.js';

/** Free-text cases are searched; related cases ask for the source paper's related papers. */
export function serviceRanker(service: SearchService): Ranker {
  return async (judgment, mode, k) => {
    const hits =
      judgment.kind === 'query'
        ? await service.search(judgment.query, { k, mode })
        : await service.related(judgment.paper, { k, mode });
    return hits.map((hit) => hit.id);
  };
}

/**
 * Refuses judgments naming papers the index lacks: scoring against such an index would
 * silently understate every mode.
 */
export async function assertJudgedPapersHeld(
  judgments: readonly Judgment[],
  file: string,
  service: SearchService,
): Promise<void> {
  const unknown = await unknownPapers(judgments, (id) => holds(service, id));
  if (unknown.length === 0) return;
  const shown = unknown.slice(0, 5).join(', ');
  const more = unknown.length > 5 ? ` and ${unknown.length - 5} more` : '';
  throw new Error(`${file} names papers the index does not hold: ${shown}${more}`);
}

async function holds(service: SearchService, id: string): Promise<boolean> {
  try {
    await service.paper(id);
    return true;
  } catch (error) {
    if (error instanceof NotFoundError) return false;
    throw error;
  }
}
