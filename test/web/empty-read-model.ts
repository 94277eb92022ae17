/** A read model holding nothing, for tests of pages that do not read lists (the lists' own tests use PostgreSQL). */
import type { ReadModelQueries } from '../../store/read-model-queries';

export function emptyReadModel(): ReadModelQueries {
  return {
    listSummaries: () => Promise.resolve({ items: [] }),
    openObligationsFor: () => Promise.resolve({ items: [], truncated: false }),
    readArrangement: () => Promise.resolve(undefined),
    readSummary: () => Promise.resolve(undefined),
    decisionsFor: () => Promise.resolve([]),
    countByStatus: () => Promise.resolve({}),
  };
}
