/**
 * Dates and labels of the domain's titles written as people write them: a day in England written out
 * ("Tuesday 30 June 2026"), and quarter labels in words. Used by the emails and the calendar feeds.
 */

// Made once, on first use: building a formatter costs far more than formatting with it (a reminder storm's
// emails spent more time here than in rendering their templates).
let longDay: Intl.DateTimeFormat | undefined;
const longDayFormat = () =>
  (longDay ??= new Intl.DateTimeFormat('en-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }));

/** Turns 'YYYY-MM-DD' into "Tuesday 30 June 2026"; anything else is shown as given. */
export function humanDate(isoDate: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!match) return isoDate;
  // A due date is a day in England, not an instant: format the calendar day in UTC so no zone can shift it.
  const day = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  if (Number.isNaN(day.getTime())) return isoDate;
  const parts = longDayFormat().formatToParts(day);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('weekday')} ${part('day')} ${part('month')} ${part('year')}`;
}

/** A day without its weekday, for dates inside a sentence or a title: "30 June 2026". */
const shortDate = (isoDate: string) => humanDate(isoDate).replace(/^\S+ /, '');

/**
 * Writes out what the domain's titles and older summaries abbreviate: 'YYYY-MM-DD' days and quarter
 * labels ('2001Q1' is the first quarter of financial year 2001/02).
 */
export function plainWords(text: string): string {
  return text
    .replace(/\b(\d{4}-\d{2}-\d{2})\b/g, (iso) => shortDate(iso))
    .replace(
      /\b(20\d{2})Q([1-4])\b/g,
      (_q, year: string, quarter: string) => `quarter ${quarter} of ${year}/${String((Number(year) + 1) % 100).padStart(2, '0')}`,
    );
}
