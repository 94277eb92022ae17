/**
 * The portfolio: every arrangement the person may list, searched by reference or partner name,
 * filtered by status, sorted, a page at a time (GOV.UK pagination), and exported as CSV with the same
 * choices. Searching, filtering, sorting and paging are the read model's SQL (`listSummaries`); the
 * CSV streams the same query page by page, so an export of any size holds little in memory. A GET
 * form, so it works without JavaScript and its address can be kept.
 */
import { Router, type Request } from 'express';
import type nunjucks from 'nunjucks';
import { ARRANGEMENT_STATUSES, listScopeOf, type Actor, type ArrangementStatus } from '../../domain';
import type { ListSummariesInput, SummarySort } from '../../store/read-model-queries';
import type { ArrangementSummary } from '../../store/read-model';
import type { WebDeps } from '../deps';
import { longDate, regionName, STATUS_WORDS } from '../format';
import { pageOf, paginationOf, PAGE_SIZE } from '../paging';
import { renderPage } from '../render';

/** The orders offered, in words, and the read model's sort each one is. */
const SORTS = {
  nextDeadline: { text: 'Next deadline', sort: 'nextDeadline' },
  reference: { text: 'Reference', sort: 'ref' },
  startDate: { text: 'Start date', sort: 'startDate' },
  notified: { text: 'Latest sent to the Regional Office', sort: 'notifiedAt' },
} satisfies Record<string, { text: string; sort: SummarySort }>;
type SortKey = keyof typeof SORTS;

/** Rows the CSV export reads per query. */
const CSV_PAGE = 1_000;

/** The search, filter and sort of a request's query string, with defaults for anything missing or unknown. */
function choicesOf(req: Request) {
  const q = req.query as Record<string, unknown>;
  const search = typeof q.search === 'string' ? q.search.trim().slice(0, 100) : '';
  const status = typeof q.status === 'string' && (ARRANGEMENT_STATUSES as readonly string[]).includes(q.status) ? q.status : '';
  const sort: SortKey = typeof q.sort === 'string' && Object.hasOwn(SORTS, q.sort) ? (q.sort as SortKey) : 'nextDeadline';
  return { search, status, sort };
}

/** The read model's query for `choices` within the scope of the person signed in. */
function queryOf(req: Request, choices: ReturnType<typeof choicesOf>): ListSummariesInput {
  return {
    scope: listScopeOf(req.session.user as Actor),
    filters: {
      ...(choices.search ? { search: choices.search } : {}),
      ...(choices.status ? { status: choices.status as ArrangementStatus } : {}),
    },
    sort: SORTS[choices.sort].sort,
  };
}

const dueDate = (a: ArrangementSummary) => (a.nextDeadlineAt ? longDate(Date.parse(a.nextDeadlineAt) - 1) : '');

/** One CSV field (RFC 4180), with a leading formula character neutralised so a spreadsheet shows it as text. */
const csvField = (value: string): string => {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};
const csvLine = (fields: string[]): string => `${fields.map(csvField).join(',')}\r\n`;

/** The portfolio page and its CSV export. */
export function portfolioPages(deps: WebDeps, views: nunjucks.Environment): Router {
  const router = Router();

  router.get('/portfolio', async (req, res) => {
    const choices = choicesOf(req);
    const page = pageOf(req);
    const found = await deps.readModel.listSummaries({ ...queryOf(req, choices), limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
    const query = { search: choices.search, status: choices.status, sort: choices.sort };
    renderPage(views, res, 'portfolio.njk', {
      title: 'Portfolio',
      choices,
      page,
      csvHref: `/portfolio.csv?${new URLSearchParams(query).toString()}`,
      pagination: paginationOf('/portfolio', query, page, found.nextOffset !== undefined),
      statuses: [{ value: '', text: 'Any status' }, ...ARRANGEMENT_STATUSES.map((s) => ({ value: s, text: STATUS_WORDS[s] }))],
      sorts: Object.entries(SORTS).map(([value, { text }]) => ({ value, text })),
      rows: found.items.map((a) => [
        { html: `<a class="govuk-link" href="/arrangements/${encodeURIComponent(a.ref)}">${a.ref.replace(/[&<>"']/g, '')}</a>` },
        { text: a.partners.map((p) => p.name).join(', ') },
        { text: STATUS_WORDS[a.status] },
        { text: longDate(a.startDate) },
        { text: dueDate(a) || 'None' },
      ]),
    });
  });

  router.get('/portfolio.csv', async (req, res) => {
    const query = queryOf(req, choicesOf(req));
    res.type('text/csv').attachment('arrangements.csv');
    res.write(csvLine(['Reference', 'Status', 'Region', 'Partners', 'Start date', 'Next deadline']));
    for (let offset: number | undefined = 0; offset !== undefined && !res.destroyed;) {
      const found = await deps.readModel.listSummaries({ ...query, limit: CSV_PAGE, offset });
      const lines = found.items.map((a) =>
        csvLine([a.ref, STATUS_WORDS[a.status], regionName(a.region), a.partners.map((p) => p.name).join('; '), a.startDate, dueDate(a)]),
      );
      // Waits for the client to take what was written before reading more (or to have gone away).
      if (!res.write(lines.join(''))) await new Promise((resolve) => res.once('drain', resolve).once('close', resolve));
      offset = found.nextOffset;
    }
    res.end();
  });
  return router;
}
