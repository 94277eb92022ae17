import { addDays, compareDates, dateOf, dayOfWeek, type DateString } from './calendar';

/**
 * England & Wales bank holidays and working days: the calendar the Regional Office's and the
 * reports' working-day periods are counted on (Banking and Financial Dealings Act 1971, Sch 1, and
 * the one-off proclamations listed below).
 */

/** Easter Sunday of a Gregorian year (anonymous Gregorian computus). */
export function easterSunday(year: number): DateString {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return dateOf(year, month, day);
}

/** Local changes to the bank holiday list (for example a newly announced one-off holiday). */
export interface BankHolidayAdjustments {
  /** Extra non-working dates. */
  additional: DateString[];
  /** Dates that the rules would make bank holidays but that are not. */
  removed: DateString[];
}

/** One-off England & Wales bank holidays proclaimed outside the usual rules (royal events, moved holidays). */
export const ONE_OFF_BANK_HOLIDAYS: readonly DateString[] = [
  '1995-05-08', // VE Day 50th anniversary (early May moved)
  '1999-12-31', // Millennium
  '2002-06-03', // Golden Jubilee
  '2002-06-04', // Spring bank holiday moved
  '2011-04-29', // Royal wedding
  '2012-06-04', // Spring bank holiday moved
  '2012-06-05', // Diamond Jubilee
  '2020-05-08', // Early May moved to VE Day 75th anniversary
  '2022-06-02', // Spring bank holiday moved
  '2022-06-03', // Platinum Jubilee
  '2022-09-19', // State funeral of Queen Elizabeth II
  '2023-05-08', // Coronation of King Charles III
];

/** Rule-made bank holidays that were moved away in those years, so they are working days. */
export const MOVED_BANK_HOLIDAYS: readonly DateString[] = ['1995-05-01', '2002-05-27', '2012-05-28', '2020-05-04', '2022-05-30'];

function nthMonday(year: number, month: number, n: number): DateString {
  const first = dateOf(year, month, 1);
  const offset = (8 - dayOfWeek(first)) % 7;
  return addDays(first, offset + (n - 1) * 7);
}

function lastMonday(year: number, month: number): DateString {
  const last = addDays(dateOf(year, month + 1, 1), -1);
  return addDays(last, -((dayOfWeek(last) + 6) % 7));
}

const isWeekend = (date: DateString): boolean => dayOfWeek(date) === 0 || dayOfWeek(date) === 6;

/** Places fixed-date holidays, moving any that fall at a weekend to the next free weekday (substitute days). */
function withSubstitutes(dates: DateString[]): DateString[] {
  const taken = dates.filter((d) => !isWeekend(d));
  for (const date of dates.filter(isWeekend)) {
    let candidate = addDays(date, 1);
    while (isWeekend(candidate) || taken.includes(candidate)) candidate = addDays(candidate, 1);
    taken.push(candidate);
  }
  return taken;
}

/** England & Wales bank holidays in a calendar year, sorted, after the one-off list and any adjustments. */
export function bankHolidaysOf(year: number, adjustments?: BankHolidayAdjustments): DateString[] {
  const easter = easterSunday(year);
  const regular = [
    ...withSubstitutes([dateOf(year, 1, 1)]),
    addDays(easter, -2),
    addDays(easter, 1),
    nthMonday(year, 5, 1),
    lastMonday(year, 5),
    lastMonday(year, 8),
    ...withSubstitutes([dateOf(year, 12, 25), dateOf(year, 12, 26)]),
  ];
  const removed = [...MOVED_BANK_HOLIDAYS, ...(adjustments?.removed ?? [])];
  const added = [...ONE_OFF_BANK_HOLIDAYS, ...(adjustments?.additional ?? [])].filter((d) => d.startsWith(`${year}-`));
  return [...new Set([...regular.filter((d) => !removed.includes(d)), ...added])].sort(compareDates);
}

/** True when the date is neither a weekend nor an England & Wales bank holiday. */
export function isWorkingDay(date: DateString, adjustments?: BankHolidayAdjustments): boolean {
  if (isWeekend(date)) return false;
  return !bankHolidaysOf(Number(date.slice(0, 4)), adjustments).includes(date);
}

/** The date `count` working days after `date` (the date itself is not counted). */
export function addWorkingDays(date: DateString, count: number, adjustments?: BankHolidayAdjustments): DateString {
  let current = date;
  let remaining = count;
  while (remaining > 0) {
    current = addDays(current, 1);
    if (isWorkingDay(current, adjustments)) remaining -= 1;
  }
  return current;
}

/**
 * Working days from `from` to `to`: those after `from` up to and including `to`, so
 * `workingDaysBetween(d, addWorkingDays(d, n)) === n`; 0 when `to` is not after `from`.
 */
export function workingDaysBetween(from: DateString, to: DateString, adjustments?: BankHolidayAdjustments): number {
  let count = 0;
  for (let day = addDays(from, 1); day <= to; day = addDays(day, 1)) if (isWorkingDay(day, adjustments)) count += 1;
  return count;
}
