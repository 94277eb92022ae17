import type { z } from 'zod';
import { lazySchema } from './lazy-schema';

/**
 * Bounds on every input the domain accepts, so no value can outgrow what stores it: Temporal search
 * attributes (each value at most 2 KiB, the whole set at most 40 KiB: the server's defaults
 * `frontend.searchAttributesSizeOfValueLimit` and `frontend.searchAttributesTotalSizeLimit`), Update
 * and continue-as-new payloads, and the calendar (four-digit years). Each bound says why it is what it is.
 */

/**
 * Longest id of an organisation, function or trust: 64, like the arrangement reference. Ids are ASCII,
 * so 64 characters are 64 bytes, and the partner ids travel as one KeywordList search attribute.
 */
export const MAX_ID_LENGTH = 64;

/**
 * Most partners in one arrangement: 20. The `ArrangementPartners` KeywordList is one value of at most
 * 2,048 bytes on the server; 20 ids of 64 ASCII characters encode as JSON in 20 × 67 + 2 = 1,342 bytes.
 * Real section 31 partnerships join a handful of bodies (an HA or PCT, trusts, one or two councils).
 */
export const MAX_PARTNERS = 20;

/** Longest Regional Office region: 100 characters, at most 400 UTF-8 bytes, well within one Keyword value (2,048 bytes). */
export const MAX_REGION_LENGTH = 100;

/** Longest name of a body or a person, a client group, a service kind or a consultee group: 200 characters. */
export const MAX_NAME_LENGTH = 200;

/** Longest email address: 254 characters (RFC 5321 §4.5.3.1: a 256-octet path less its angle brackets). */
export const MAX_EMAIL_LENGTH = 254;

/** Longest reference to a document (HImP, form, clause): 200 characters. */
export const MAX_REFERENCE_LENGTH = 200;

/**
 * Longest free text (a reason, a summary, a statement, a question or an answer): 4,000 characters,
 * about a page. The audit trail keeps every one in the arrangement's state, which travels whole in
 * Queries and in continue-as-new (Temporal refuses payloads over 2 MiB).
 */
export const MAX_TEXT_LENGTH = 4_000;

/** Most entries in a list of names or ids (client groups, aims, functions, objectives, …): 100. */
export const MAX_LIST_LENGTH = 100;

/** First financial year any input may name: 2000/01, which began the day SI 2000/617 came into force. */
export const FIRST_FINANCIAL_YEAR = 2000;
/** Last financial year any input may name: 2099/2100, the one the horizon date (2099-12-31) falls in. */
export const LAST_FINANCIAL_YEAR = 2099;

/**
 * Largest single contribution: 10^12 pence (£10 billion), beyond any local pool. Even 400 such
 * contributions sum to 4 × 10^14, far inside the integers a number holds exactly (2^53 ≈ 9 × 10^15).
 */
export const MAX_AMOUNT_PENCE = 1_000_000_000_000;

/** Letters, digits, dot, dash, underscore; no colon (it separates parts of obligation ids) and no quote (visibility queries). */
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Printable text: no control characters except tab and line breaks. */
const PRINTABLE_PATTERN = /^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$/;

/** Zod schema for an id: 1–64 ASCII letters, digits, dot, dash or underscore. */
export const idSchema = lazySchema((z) =>
  z
    .string()
    .min(1)
    .max(MAX_ID_LENGTH)
    .regex(ID_PATTERN, `Use letters, digits, dot, dash or underscore, starting with a letter or digit (max ${MAX_ID_LENGTH})`),
);

/** Zod schema for a name: 1–200 printable characters. */
export const nameSchema = lazySchema((z) =>
  z.string().min(1).max(MAX_NAME_LENGTH).regex(PRINTABLE_PATTERN, 'Control characters are not allowed'),
);

/** Zod schema for a document reference: 1–200 printable characters. */
export const referenceSchema = lazySchema((z) =>
  z.string().min(1).max(MAX_REFERENCE_LENGTH).regex(PRINTABLE_PATTERN, 'Control characters are not allowed'),
);

/** Zod schema for free text: 1–4,000 printable characters. */
export const textSchema = lazySchema((z) =>
  z.string().min(1).max(MAX_TEXT_LENGTH).regex(PRINTABLE_PATTERN, 'Control characters are not allowed'),
);

/** Zod schema for a Regional Office region: 1–100 characters, no quotes, backslashes or control characters (it is a Keyword and a query literal). */
export const regionSchema = lazySchema((z) =>
  z
    .string()
    .min(1)
    .max(MAX_REGION_LENGTH)
    .regex(/^[^'"\\\x00-\x1f\x7f]+$/, 'A region may not contain quotes, backslashes or control characters'),
);

/** Zod schema for an email address of at most 254 characters. */
export const emailSchema = lazySchema((z) => z.email().max(MAX_EMAIL_LENGTH));

/** Zod schema for a financial year named by its starting year, 2000 to 2099. */
export const financialYearSchema = lazySchema((z) => z.number().int().min(FIRST_FINANCIAL_YEAR).max(LAST_FINANCIAL_YEAR));

/** A list of at most `max` items (default 100). */
export function boundedList<T extends z.ZodType>(item: T, max = MAX_LIST_LENGTH) {
  return item.array().max(max);
}
