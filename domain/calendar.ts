import { lazySchema } from './lazy-schema';

/**
 * Date arithmetic on calendar dates. A date is a 'YYYY-MM-DD' string; the arithmetic here (adding
 * days, financial years and quarters) runs on a UTC midnight, which has no clock changes. When a date
 * becomes an instant for a person (today's date, when a day begins, when "due on D" has passed) is
 * the business of `days.ts`, which reads days in England.
 */

/** A calendar date written 'YYYY-MM-DD'. */
export type DateString = string;

/** Milliseconds in one day; UTC has no daylight saving, so every day is this long. */
export const DAY_MS = 86_400_000;

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True when the string is a real calendar date written 'YYYY-MM-DD'. */
export function isDateString(value: string): boolean {
  const match = DATE_PATTERN.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const probe = new Date(Date.UTC(year, month - 1, day));
  return probe.getUTCFullYear() === year && probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day;
}

/** The day SI 2000/617 came into force (reg 1, England only): no arrangement under section 31 predates it. */
export const REGIME_START_DATE: DateString = '2000-04-01';

/**
 * The last date any input may name. Every date the domain derives from an input (an end date plus
 * wind-up, a review date plus the reminder ladder) then stays a four-digit year, which the calendar
 * and 'YYYY-MM-DD' need; and the end of the century is far beyond any arrangement's planning horizon.
 */
export const HORIZON_DATE: DateString = '2099-12-31';

/** Zod schema for a 'YYYY-MM-DD' date string between the regime's start and the horizon. */
export const dateStringSchema = lazySchema((z) =>
  z
    .string()
    .length(10, 'Expected a real date written YYYY-MM-DD')
    .refine(isDateString, { message: 'Expected a real date written YYYY-MM-DD', abort: true })
    .refine((d) => !isBefore(d, REGIME_START_DATE), { message: `Dates start at ${REGIME_START_DATE}, when SI 2000/617 came into force` })
    .refine((d) => !isBefore(HORIZON_DATE, d), { message: `Dates end at ${HORIZON_DATE}` })
    .describe(`A calendar date, YYYY-MM-DD (UTC), from ${REGIME_START_DATE} to ${HORIZON_DATE}`),
);

function parts(date: DateString): [number, number, number] {
  const match = DATE_PATTERN.exec(date);
  if (!match || !isDateString(date)) throw new RangeError(`Not a YYYY-MM-DD date: ${date}`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** Builds a date string from a year, a month (1–12) and a day. */
export function dateOf(year: number, month: number, day: number): DateString {
  return toDateString(Date.UTC(year, month - 1, day));
}

/** The instant (epoch ms) at 00:00 UTC of the date: for arithmetic on dates (and the UTC day rule of older arrangements). */
export function toInstant(date: DateString): number {
  const [year, month, day] = parts(date);
  return Date.UTC(year, month - 1, day);
}

/** The UTC calendar date that contains the instant. */
export function toDateString(instant: number): DateString {
  const d = new Date(instant);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** The date `days` days after (or before, if negative) the given date. */
export function addDays(date: DateString, days: number): DateString {
  return toDateString(toInstant(date) + days * DAY_MS);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: DateString, to: DateString): number {
  return Math.round((toInstant(to) - toInstant(from)) / DAY_MS);
}

/** Day of the week, 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: DateString): number {
  return new Date(toInstant(date)).getUTCDay();
}

/** The financial year containing the date, named by its starting year (1 Apr–31 Mar; ACA 1998 s2 [V]). */
export function financialYearOf(date: DateString): number {
  const [year, month] = parts(date);
  return month >= 4 ? year : year - 1;
}

/** First day of a financial year (1 April). */
export function financialYearStart(financialYear: number): DateString {
  return dateOf(financialYear, 4, 1);
}

/** Last day of a financial year (31 March of the next calendar year). */
export function financialYearEnd(financialYear: number): DateString {
  return dateOf(financialYear + 1, 3, 31);
}

/** A quarter of a financial year: Q1 Apr–Jun, Q2 Jul–Sep, Q3 Oct–Dec, Q4 Jan–Mar (section31.md §8, inferred). */
export interface FinancialQuarter {
  financialYear: number;
  quarter: 1 | 2 | 3 | 4;
}

/** The financial quarter containing the date. */
export function quarterOf(date: DateString): FinancialQuarter {
  const [, month] = parts(date);
  const quarter = month >= 4 ? ((Math.floor((month - 4) / 3) + 1) as 1 | 2 | 3) : 4;
  return { financialYear: financialYearOf(date), quarter };
}

/** First day of the quarter. */
export function quarterStart({ financialYear, quarter }: FinancialQuarter): DateString {
  return quarter === 4 ? dateOf(financialYear + 1, 1, 1) : dateOf(financialYear, 4 + (quarter - 1) * 3, 1);
}

/** Last day of the quarter (30 Jun, 30 Sep, 31 Dec, 31 Mar). */
export function quarterEnd({ financialYear, quarter }: FinancialQuarter): DateString {
  const next = quarter === 4 ? financialYearStart(financialYear + 1) : quarterStart({ financialYear, quarter: (quarter + 1) as 2 | 3 | 4 });
  return addDays(next, -1);
}

/** Stable label for a quarter, e.g. '2001Q2' (July–September 2001). */
export function quarterLabel({ financialYear, quarter }: FinancialQuarter): string {
  return `${financialYear}Q${quarter}`;
}

/** Parses a label such as '2001Q2' back into a quarter, or undefined when malformed. */
export function parseQuarterLabel(label: string): FinancialQuarter | undefined {
  const match = /^(\d{4})Q([1-4])$/.exec(label);
  if (!match) return undefined;
  return { financialYear: Number(match[1]), quarter: Number(match[2]) as 1 | 2 | 3 | 4 };
}

/** Orders two dates as days, not as text: negative when `a` is earlier, 0 on the same day, positive when later. */
export function compareDates(a: DateString, b: DateString): number {
  return toInstant(a) - toInstant(b);
}

/** True when `a` is a day strictly before `b`. */
export function isBefore(a: DateString, b: DateString): boolean {
  return compareDates(a, b) < 0;
}

/** True when `a` is a day strictly after `b`. */
export function isAfter(a: DateString, b: DateString): boolean {
  return compareDates(a, b) > 0;
}

/** The latest of some dates, compared as days ('' when none). */
export function latestDate(...dates: DateString[]): DateString {
  return [...dates].sort(compareDates).at(-1) ?? '';
}

/** The earliest of some dates, compared as days ('' when none). */
export function earliestDate(...dates: DateString[]): DateString {
  return [...dates].sort(compareDates)[0] ?? '';
}
