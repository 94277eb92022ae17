/**
 * Reading a form's answers: what a text box, a multi-line box, checkboxes and a GOV.UK date input
 * send, turned into the plain values the domain's schemas then check.
 */

/** The answers of a form (or of a journey so far), as posted. */
export type Answers = Record<string, unknown>;

/** A text answer, trimmed; '' when missing. */
export const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

/** A multi-line answer as its non-empty lines. */
export const lines = (v: unknown): string[] =>
  typeof v === 'string'
    ? v
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter(Boolean)
    : [];

/** Checkboxes' answer: one value arrives as a string, several as an array, none as nothing. */
export const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' && v !== '' ? [v] : []);

/** A GOV.UK date input's three boxes (`name-day`, `name-month`, `name-year`) as 'YYYY-MM-DD'; '' unless all three are filled. */
export function dateOf(a: Answers, name: string): string {
  const [d, m, y] = ['day', 'month', 'year'].map((p) => text(a[`${name}-${p}`]));
  return d && m && y ? `${y.padStart(4, '0')}-${m.padStart(2, '0')}-${d.padStart(2, '0')}` : '';
}

/** The answers that fill a date input showing `date` ('YYYY-MM-DD'). */
export function dateAnswers(name: string, date: string): Answers {
  const [y, m, d] = date.split('-');
  return { [`${name}-day`]: String(Number(d)), [`${name}-month`]: String(Number(m)), [`${name}-year`]: y };
}

/** Pounds as typed ("£250,000.50") in pence; NaN when it is not a number. */
export const penceOf = (v: unknown): number => Math.round(Number(text(v).replace(/[£,\s]/g, '')) * 100);
