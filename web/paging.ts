/**
 * Pages of a long list: the page a request asks for (`?page=`, from 1), the offset the read model
 * reads from, and the GOV.UK pagination component's previous and next links, which keep the rest of
 * the query string (search, filters, sort) so a link opens the same list one page on.
 */
import type { Request } from 'express';

/** Rows on one page of a list on the web. */
export const PAGE_SIZE = 50;

/** Pages a list offers at most (50,000 rows): a larger `?page=` reads as the last of them. */
const MAX_PAGE = 1_000;

/** The page number `req` asks for (1 when missing or not a whole number from 1). */
export function pageOf(req: Request): number {
  const raw = (req.query as Record<string, unknown>).page;
  const n = typeof raw === 'string' && /^\d{1,4}$/.test(raw) ? Number(raw) : 1;
  return Math.min(Math.max(n, 1), MAX_PAGE);
}

/**
 * The `govukPagination` parameters for page `page` of a list at `path` with `query` (without the page),
 * or undefined when the list fits on one page.
 */
export function paginationOf(path: string, query: Record<string, string>, page: number, hasNext: boolean) {
  if (page === 1 && !hasNext) return undefined;
  const href = (n: number) => {
    const params = new URLSearchParams({ ...query, ...(n > 1 ? { page: String(n) } : {}) }).toString();
    return params === '' ? path : `${path}?${params}`;
  };
  return {
    ...(page > 1 ? { previous: { href: href(page - 1), labelText: `Page ${page - 1}` } } : {}),
    ...(hasNext ? { next: { href: href(page + 1), labelText: `Page ${page + 1}` } } : {}),
  };
}
