/**
 * Every list the API serves also as CSV (`Accept: text/csv`), written by csv-stringify (RFC 4180
 * quoting). A cell that a spreadsheet would run as a formula (starting =, +, -, @, tab or CR) is
 * prefixed with an apostrophe (OWASP's advice on CSV injection); names and titles come from users.
 */
import { stringify } from 'csv-stringify/sync';
import type { Request, Response } from 'express';

/** One column of a CSV list: its header and how a row gives its cell. */
export interface CsvColumn<T> {
  header: string;
  cell: (row: T) => string | number | boolean | undefined;
}

/** True when the client prefers CSV to JSON (absent or `*\/*` Accept means JSON). */
export function wantsCsv(req: Request): boolean {
  return req.accepts(['application/json', 'text/csv']) === 'text/csv';
}

const FORMULA_START = /^[=+\-@\t\r]/;

/** The CSV text of `rows` under `columns`, with a header line. */
export function csvOf<T>(rows: readonly T[], columns: readonly CsvColumn<T>[]): string {
  // Booleans as true/false (csv-stringify's own default writes 1 and an empty cell).
  const safe = (v: string | number | boolean | undefined) =>
    typeof v === 'boolean' ? String(v) : typeof v === 'string' && FORMULA_START.test(v) ? `'${v}` : (v ?? '');
  return stringify([columns.map((c) => c.header), ...rows.map((r) => columns.map((c) => safe(c.cell(r))))]);
}

/**
 * Answers a list as CSV when the client asks for it, else as `json`. A next page's link goes in a
 * `Link: <…>; rel="next"` header, since a CSV body has nowhere to say it.
 */
export function sendList<T>(
  req: Request,
  res: Response,
  list: { json: object; rows: readonly T[]; columns: readonly CsvColumn<T>[]; next?: string },
): void {
  res.vary('Accept');
  if (!wantsCsv(req)) return void res.json(list.json);
  if (list.next !== undefined) res.links({ next: list.next });
  res.type('text/csv; charset=utf-8').send(csvOf(list.rows, list.columns));
}
