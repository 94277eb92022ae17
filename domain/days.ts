import { addDays, toDateString, toInstant, type DateString } from './calendar';

/**
 * Days as a person in England reads them. A date in hapa ("due on 23 September", "starts on 1 April")
 * is a day in England, whose clock is GMT in winter and BST (UTC+1) in summer. The time-zone rules
 * come from the platform's Intl data (Europe/London), never from a hand-written offset table.
 */

/** The IANA zone whose days the regulations' dates name. */
export const ENGLAND_TIME_ZONE = 'Europe/London';

const MINUTE_MS = 60_000;

// One formatter for the life of the process: building an Intl.DateTimeFormat is costly, using one is not.
const englandClock = new Intl.DateTimeFormat('en-GB', {
  timeZone: ENGLAND_TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});

/** The wall-clock reading in England at an instant, as the epoch ms that UTC would show for it. */
function englandWallClock(instant: number): number {
  const part = { year: 0, month: 0, day: 0, hour: 0, minute: 0 };
  for (const p of englandClock.formatToParts(instant)) if (p.type in part) part[p.type as keyof typeof part] = Number(p.value);
  return Date.UTC(part.year, part.month - 1, part.day, part.hour, part.minute);
}

// The last minute asked about and England's offset in it: "today" is asked on every create, and
// reading the clock through Intl costs more than the rest of the check (issue 17 §3).
let lastMinute = Number.NaN;
let lastOffsetMs = 0;

/** England's offset from UTC at an instant, in ms (0 in GMT, 3,600,000 in BST). */
export function englandOffsetMs(instant: number): number {
  const whole = instant - (((instant % MINUTE_MS) + MINUTE_MS) % MINUTE_MS);
  if (whole !== lastMinute) {
    lastOffsetMs = englandWallClock(whole) - whole;
    lastMinute = whole;
  }
  return lastOffsetMs;
}

/** The date in England that contains the instant: "today" for a person in England at `instant`. */
export function englandDateOf(instant: number): DateString {
  return toDateString(instant + englandOffsetMs(instant));
}

const midnights = new Map<DateString, number>();

/**
 * The instant (epoch ms) at which the date begins in England: 00:00 GMT or 00:00 BST (23:00 UTC the day
 * before). Clocks change at 01:00 UTC, never at midnight, so every English date has a midnight.
 * @throws RangeError when `date` is not a real 'YYYY-MM-DD' date.
 */
export function englandMidnight(date: DateString): number {
  const known = midnights.get(date);
  if (known !== undefined) return known;
  const utcMidnight = toInstant(date);
  let instant = utcMidnight - englandOffsetMs(utcMidnight);
  // Re-check with the offset in force at the guess itself (a change between the two instants).
  instant = utcMidnight - englandOffsetMs(instant);
  midnights.set(date, instant);
  return instant;
}

/**
 * How an arrangement turns its dates into instants. Arrangements started before hapa read days in England
 * keep the rule they started with ('utc', where a deadline fell at 00:00 UTC at the start of its date), so
 * their recorded histories replay unchanged; every new arrangement uses 'england'.
 */
export type DayRule = 'england' | 'utc';

/** The instants of an arrangement's days under its day rule. */
export interface Days {
  /** The date today, at `now`. */
  today(now: number): DateString;
  /** The instant `date` begins: a start date takes effect, and a reminder for that date goes out. */
  startOf(date: DateString): number;
  /** The instant "due on `date`" or "by `date`" has passed: an obligation is overdue, a consultation lapses. */
  passedAt(date: DateString): number;
}

const ENGLAND_DAYS: Days = {
  today: englandDateOf,
  startOf: englandMidnight,
  // "By 23 September" includes the whole of 23 September in England.
  passedAt: (date) => englandMidnight(addDays(date, 1)),
};

const UTC_DAYS: Days = {
  today: toDateString,
  startOf: toInstant,
  passedAt: toInstant,
};

/** The days of an arrangement: England's unless it started under the older UTC rule. */
export function daysOf(state: { dayRule?: DayRule }): Days {
  return state.dayRule === 'england' ? ENGLAND_DAYS : UTC_DAYS;
}

/** England's days, for readers outside an arrangement (digests, calendar feeds, the API's "today"). */
export const englandDays: Days = ENGLAND_DAYS;

/** True once a deadline instant (`Days.passedAt` of its date) has come: what was due is now overdue. */
export function hasPassed(deadlineAt: number, now: number): boolean {
  return now >= deadlineAt;
}
