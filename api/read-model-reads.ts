/**
 * Reads served from the read model in PostgreSQL: the list of arrangements (sorted, filtered, scoped,
 * paged), one arrangement with its revision, and their CSV forms. The caller's scope is the domain's
 * `listScopeOf`, the same rule the visibility queries apply.
 */
import type { Request, Response } from 'express';
import type { z } from 'zod';
import { isFinished, type ListScope } from '../domain';
import type { ArrangementSummary } from '../store/read-model';
import type { ArrangementReadModel, ReadModelQueries } from '../store/read-model-queries';
import { sendList, type CsvColumn } from './csv';
import { ApiError } from './errors';
import type { PageTokens } from './page-token';
import type { listQuerySchema } from './schemas';

/** One row of `GET /arrangements` from the read model. */
export function listRowOf(s: ArrangementSummary) {
  return {
    ref: s.ref,
    status: s.status,
    region: s.region,
    partnerIds: s.partners.map((p) => p.id),
    partners: s.partners,
    types: s.types,
    nextDeadlineAt: s.nextDeadlineAt,
    notifiedAt: s.notifiedAt,
    reviewDate: s.reviewDate,
    running: !isFinished({ status: s.status }),
    revision: s.revision,
  };
}

const LIST_COLUMNS: CsvColumn<ReturnType<typeof listRowOf>>[] = [
  { header: 'ref', cell: (r) => r.ref },
  { header: 'status', cell: (r) => r.status },
  { header: 'region', cell: (r) => r.region },
  { header: 'types', cell: (r) => r.types.join(';') },
  { header: 'partners', cell: (r) => r.partners.map((p) => p.name).join(';') },
  { header: 'nextDeadlineAt', cell: (r) => r.nextDeadlineAt },
  { header: 'notifiedAt', cell: (r) => r.notifiedAt },
  { header: 'reviewDate', cell: (r) => r.reviewDate },
  { header: 'running', cell: (r) => r.running },
  { header: 'revision', cell: (r) => r.revision },
];

/** 400 for a page token this API did not issue for these filters and this order. */
const invalidPageToken = (): ApiError =>
  new ApiError('invalidRequest', 'The page token is not valid for this query.', [
    { path: 'query.pageToken', message: 'Use the nextPageToken of the previous page with the same filters and sort' },
  ]);

/** `GET /arrangements` from the read model: a page of `scope`'s summaries, as JSON or CSV. */
export async function listFromReadModel(
  readModel: ReadModelQueries,
  tokens: PageTokens,
  req: Request,
  res: Response,
  scope: ListScope,
  query: z.infer<typeof listQuerySchema>,
): Promise<void> {
  const { pageSize, pageToken, sort, ...filters } = query;
  // The token is sealed over the scope, the filters and the order: it pages through this list only.
  const sealedOver = JSON.stringify({ scope, filters, sort });
  let offset = 0;
  if (pageToken !== undefined) {
    const opened = tokens.open(sealedOver, pageToken);
    offset = opened === undefined ? Number.NaN : Number(Buffer.from(opened).toString('utf8'));
    if (!Number.isSafeInteger(offset) || offset < 0) throw invalidPageToken();
  }
  const page = await readModel.listSummaries({
    scope,
    filters,
    sort,
    limit: pageSize,
    offset,
  });
  const nextPageToken = page.nextOffset === undefined ? undefined : tokens.seal(sealedOver, Buffer.from(String(page.nextOffset), 'utf8'));
  const items = page.items.map(listRowOf);
  sendList(req, res, {
    json: { items, ...(nextPageToken ? { nextPageToken } : {}) },
    rows: items,
    columns: LIST_COLUMNS,
    ...(nextPageToken ? { next: nextLink(req, nextPageToken) } : {}),
  });
}

/** The URL of the next page: this request's, with its page token replaced. */
function nextLink(req: Request, pageToken: string): string {
  const url = new URL(req.originalUrl, 'http://hapa.invalid');
  url.searchParams.set('pageToken', pageToken);
  return `${url.pathname}${url.search}`;
}

/**
 * One arrangement as the read model holds it: its summary with the revision it was written at, the
 * version and terms in force (the latest version), its obligations, the Regional Office's decisions
 * and every version of the terms. `source` tells it from the workflow's own state (`?consistent=true`).
 */
export function readModelView(read: ArrangementReadModel) {
  const latest = read.versions.at(-1);
  return {
    source: 'readModel' as const,
    ...read,
    ...(latest ? { version: latest.n, terms: latest.terms } : {}),
  };
}
