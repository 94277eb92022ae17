/**
 * The portfolio: every arrangement the person may list, searched by reference or partner name,
 * filtered by status, sorted, and exported as CSV with the same choices. A GET form, so it works
 * without JavaScript and its address can be kept. Reads through `deps.lists`.
 */
import { Router, type Request } from 'express';
import type nunjucks from 'nunjucks';
import { ARRANGEMENT_STATUSES, listScopeOf, type Actor } from '../../domain';
import { LIST_LIMIT, type ListedArrangement } from '../arrangement-lists';
import type { WebDeps } from '../deps';
import { longDate, regionName, STATUS_WORDS } from '../format';
import { renderPage } from '../render';

const SORTS = {
  reference: { text: 'Reference', by: (a: ListedArrangement, b: ListedArrangement) => a.ref.localeCompare(b.ref) },
  startDate: { text: 'Start date', by: (a: ListedArrangement, b: ListedArrangement) => a.startDate.localeCompare(b.startDate) },
  nextDeadline: {
    text: 'Next deadline',
    by: (a: ListedArrangement, b: ListedArrangement) =>
      (a.nextDeadlineAt?.getTime() ?? Number.MAX_SAFE_INTEGER) - (b.nextDeadlineAt?.getTime() ?? Number.MAX_SAFE_INTEGER),
  },
} as const;
type SortKey = keyof typeof SORTS;

/** The search, filter and sort of a request's query string, with defaults for anything missing or unknown. */
function choicesOf(req: Request) {
  const q = req.query as Record<string, unknown>;
  const search = typeof q.search === 'string' ? q.search.trim().slice(0, 100) : '';
  const status = typeof q.status === 'string' && (ARRANGEMENT_STATUSES as readonly string[]).includes(q.status) ? q.status : '';
  const sort: SortKey = typeof q.sort === 'string' && q.sort in SORTS ? (q.sort as SortKey) : 'nextDeadline';
  return { search, status, sort };
}

function chosen(list: ListedArrangement[], { search, status, sort }: ReturnType<typeof choicesOf>): ListedArrangement[] {
  const needle = search.toLowerCase();
  return list
    .filter((a) => status === '' || a.status === status)
    .filter((a) => needle === '' || a.ref.toLowerCase().includes(needle) || a.partners.some((p) => p.name.toLowerCase().includes(needle)))
    .sort(SORTS[sort].by);
}

const statusWords = (s: string) => STATUS_WORDS[s as keyof typeof STATUS_WORDS] ?? s;
const dueDate = (a: ListedArrangement) => (a.nextDeadlineAt ? longDate(a.nextDeadlineAt.getTime() - 1) : '');

/** One CSV field (RFC 4180), with a leading formula character neutralised so a spreadsheet shows it as text. */
const csvField = (value: string): string => {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** The portfolio page and its CSV export. */
export function portfolioPages(deps: WebDeps, views: nunjucks.Environment): Router {
  const router = Router();

  router.get('/portfolio', async (req, res) => {
    const choices = choicesOf(req);
    const all = await deps.lists.within(listScopeOf(req.session.user as Actor));
    const list = chosen(all, choices);
    const query = new URLSearchParams({ search: choices.search, status: choices.status, sort: choices.sort }).toString();
    renderPage(views, res, 'portfolio.njk', {
      title: 'Portfolio',
      cut: all.length >= LIST_LIMIT ? LIST_LIMIT : undefined,
      choices,
      csvHref: `/portfolio.csv?${query}`,
      statuses: [{ value: '', text: 'Any status' }, ...ARRANGEMENT_STATUSES.map((s) => ({ value: s, text: statusWords(s) }))],
      sorts: (Object.keys(SORTS) as SortKey[]).map((k) => ({ value: k, text: SORTS[k].text })),
      rows: list.map((a) => [
        { html: `<a class="govuk-link" href="/arrangements/${encodeURIComponent(a.ref)}">${a.ref.replace(/[&<>"']/g, '')}</a>` },
        { text: a.partners.map((p) => p.name).join(', ') },
        { text: statusWords(a.status) },
        { text: longDate(a.startDate) },
        { text: dueDate(a) || 'None' },
      ]),
    });
  });

  router.get('/portfolio.csv', async (req, res) => {
    const list = chosen(await deps.lists.within(listScopeOf(req.session.user as Actor)), choicesOf(req));
    const header = ['Reference', 'Status', 'Region', 'Partners', 'Start date', 'Next deadline'];
    const lines = [
      header,
      ...list.map((a) => [
        a.ref,
        statusWords(a.status),
        regionName(a.region),
        a.partners.map((p) => p.name).join('; '),
        a.startDate,
        dueDate(a),
      ]),
    ];
    res
      .type('text/csv')
      .attachment('arrangements.csv')
      .send(`${lines.map((l) => l.map(csvField).join(',')).join('\r\n')}\r\n`);
  });
  return router;
}
