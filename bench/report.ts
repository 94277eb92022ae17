/**
 * The rows every section returns, and the markdown table `npm run bench` prints. A row with a
 * target carries its value as a ratio of the limit (≤ 1 passes for a ceiling, ≥ 1 for a floor).
 */
import { percentile, type Series } from './measure';

/** One printed figure. */
export interface Row {
  readonly section: string;
  readonly figure: string;
  readonly value: string;
  readonly target?: string;
  /** value / limit, where the target is a limit. */
  readonly ofLimit?: number;
  readonly pass?: boolean;
}

/** Milliseconds, to a sensible precision. */
export const ms = (value: number): string =>
  Number.isNaN(value) ? 'n/a' : value >= 100 ? `${value.toFixed(0)} ms` : `${value.toFixed(1)} ms`;

/** Bytes as MiB. */
export const mib = (bytes: number): string => (Number.isNaN(bytes) ? 'n/a' : `${(bytes / 1024 / 1024).toFixed(0)} MiB`);

/** p50 / p99 of a series, written "p50 x / p99 y". */
export const p50p99 = (series: Series): string => `p50 ${ms(percentile(series.samples, 50))} / p99 ${ms(percentile(series.samples, 99))}`;

/** A row for a value that must stay at or below `limit`. */
export function ceiling(
  section: string,
  figure: string,
  value: number,
  limit: number,
  show: (v: number) => string,
  targetText: string,
): Row {
  return { section, figure, value: show(value), target: targetText, ofLimit: value / limit, pass: value <= limit };
}

/** A row for a value that must reach at least `limit`. */
export function floor(section: string, figure: string, value: number, limit: number, show: (v: number) => string, targetText: string): Row {
  return { section, figure, value: show(value), target: targetText, ofLimit: value / limit, pass: value >= limit };
}

/** A row with no target. */
export const info = (section: string, figure: string, value: string): Row => ({ section, figure, value });

/** Errors of a series as an info row, when there were any. */
export function errorRows(section: string, label: string, series: Series): Row[] {
  if (series.errors.length === 0) return [];
  return [info(section, `${label}: failed calls`, `${series.errors.length} (first: ${series.errors[0]?.slice(0, 160) ?? ''})`)];
}

/** The markdown table. */
export function renderTable(rows: readonly Row[]): string {
  const lines = ['| Section | Figure | Value | Target | Of limit | Result |', '|---|---|---|---|---|---|'];
  for (const r of rows) {
    const result = r.pass === undefined ? '' : r.pass ? 'met' : '**missed**';
    const ofLimit = r.ofLimit === undefined || !Number.isFinite(r.ofLimit) ? '' : `${r.ofLimit.toFixed(2)}×`;
    lines.push(`| ${r.section} | ${r.figure} | ${r.value} | ${r.target ?? ''} | ${ofLimit} | ${result} |`);
  }
  return lines.join('\n');
}
