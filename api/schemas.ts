/**
 * The API's own zod schemas: path parameters, list filters, headers and response shapes. Request
 * bodies come from domain/ (`createArrangementInputSchema`, `commandSchemas`) so the API never
 * keeps a second copy of the rules; every schema here also feeds the OpenAPI document.
 */
import { z } from 'zod';
import {
  ARRANGEMENT_STATUSES,
  ARRANGEMENT_TYPES,
  COMMAND_TYPES,
  commandSchemas,
  createArrangementInputSchema,
  DAY_MS,
  HORIZON_DATE,
  REGIME_START_DATE,
  toInstant,
  type CommandType,
} from '../domain';
import { idSchema } from '../domain/bounds';
import { SUMMARY_SORTS } from '../store/read-model-queries';

/** Values that go into visibility queries: no quotes or backslashes, so they cannot break out of a literal. */
const queryLiteral = (what: string) =>
  z
    .string()
    .min(1)
    .max(100)
    .regex(/^[^'"\\]+$/, `${what} may not contain quotes or backslashes`);

/** The window of instants a filter may name: from the regime's start to the end of the horizon date. */
const EARLIEST_INSTANT = toInstant(REGIME_START_DATE);
const LATEST_INSTANT = toInstant(HORIZON_DATE) + DAY_MS;

/** An instant given as a date (YYYY-MM-DD, read as 00:00 UTC) or an ISO 8601 date-time with offset, from 2000-04-01 to 2099-12-31. */
export const instantSchema = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })], { error: 'Expected a date (YYYY-MM-DD) or an ISO 8601 date-time with offset' })
  .transform((v) => new Date(v.length === 10 ? `${v}T00:00:00Z` : v))
  .refine((d) => !Number.isNaN(d.getTime()), 'Not a real date')
  .refine(
    (d) => d.getTime() >= EARLIEST_INSTANT && d.getTime() <= LATEST_INSTANT,
    `Give an instant from ${REGIME_START_DATE} to ${HORIZON_DATE}`,
  );

/** Path parameter `:ref`, validated like the reference given at creation. */
export const refParamsSchema = z.strictObject({ ref: createArrangementInputSchema.shape.ref });

/** Path parameters naming one version of an arrangement's terms. */
export const versionParamsSchema = refParamsSchema.extend({
  n: z.coerce.number().int().min(1).max(10_000).describe('The version number, 1 for the terms first agreed'),
});

/** The `Idempotency-Key` header: a client-chosen key that makes a retried POST apply once. */
export const idempotencyKeySchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[\x21-\x7e]+$/, 'Use printable ASCII without spaces')
  .optional()
  .describe('Client-chosen key; a retry with the same key applies once and returns the same result');

/** The headers the API reads beyond Authorization (loose on purpose: every request carries other headers too). */
export const requestHeadersSchema = z.object({ 'idempotency-key': idempotencyKeySchema });

/** Filters and paging of `GET /arrangements`. */
export const listQuerySchema = z
  .strictObject({
    region: queryLiteral('region').optional().describe('Regional Office region'),
    status: z.enum(ARRANGEMENT_STATUSES).optional(),
    partner: queryLiteral('partner').optional().describe('Id of a partner organisation'),
    type: z.enum(ARRANGEMENT_TYPES).optional(),
    sort: z
      .enum(SUMMARY_SORTS)
      .default('nextDeadline')
      .describe(
        'Order: next deadline (soonest first, none last), notified-at (latest first, none last), reference, or start date (earliest first); ties by reference',
      ),
    deadlineBefore: instantSchema.optional().describe('Next deadline strictly before this instant'),
    deadlineAfter: instantSchema.optional().describe('Next deadline at or after this instant'),
    pageSize: z.coerce.number().int().min(1).max(100).default(20),
    pageToken: z
      .string()
      .max(4096, 'Use the nextPageToken of the previous page as it is')
      .regex(/^[A-Za-z0-9_-]+$/, 'Use the nextPageToken of the previous page as it is')
      .optional(),
  })
  .refine((q) => !(q.deadlineBefore && q.deadlineAfter && q.deadlineAfter >= q.deadlineBefore), {
    message: 'deadlineAfter must be earlier than deadlineBefore',
    path: ['deadlineAfter'],
  });

/** `GET /arrangements/{ref}`: from the read model, or `consistent=true` to ask the workflow itself. */
export const readQuerySchema = z.strictObject({
  consistent: z
    .enum(['true', 'false'])
    .optional()
    .describe('true: the whole state from the workflow (a Query), as current as it gets; default: the read model, with its revision'),
});

/** Period of `GET /reports/time-to-decision`: answers given from `from` (inclusive) to `to` (exclusive), dates in England. */
export const timeToDecisionQuerySchema = z
  .strictObject({
    from: z.iso.date().optional().describe('First day of the period (default: a year before `to`)'),
    to: z.iso.date().optional().describe('Day after the period (default: tomorrow, so the period includes today)'),
  })
  .refine((q) => !(q.from && q.to && q.from >= q.to), { message: 'from must be earlier than to', path: ['from'] });

/** Window of `GET /deadlines`; `before` defaults to 90 days from now. */
export const deadlinesQuerySchema = z
  .strictObject({
    after: instantSchema.optional().describe('Only deadlines at or after this instant (default: include overdue ones)'),
    before: instantSchema.optional().describe('Only deadlines before this instant (default: 90 days from now)'),
  })
  .refine((q) => !(q.before && q.after && q.after >= q.before), { message: 'after must be earlier than before', path: ['after'] });

/** A command's request body: the domain's command without its `type` (the URL names it), unknown fields refused. */
export function actionBodySchema(type: CommandType): z.ZodObject {
  const schema = commandSchemas[type] as unknown as z.ZodObject;
  return schema.omit({ type: true } as never).strict();
}

/** Every action's body schema, keyed by command type (built once at start-up). */
export const actionBodySchemas = Object.fromEntries(COMMAND_TYPES.map((t) => [t, actionBodySchema(t)])) as Record<CommandType, z.ZodObject>;

/** Body of `POST /arrangements`: the domain's create input, unknown top-level fields refused. */
export const createBodySchema = createArrangementInputSchema.strict();

/** One field at fault. */
export const errorDetailSchema = z.object({
  path: z.string(),
  message: z.string(),
  code: z.string().optional().describe('When a rule refused several things at once: the code of this refusal (a RefusalCode)'),
  citation: z.string().optional().describe('When a rule refused several things at once: the citation of this refusal'),
});

/** The body of every error response. */
export const errorBodySchema = z
  .object({
    error: z
      .string()
      .describe(
        'Stable code: one of the API’s own (components.schemas.ApiErrorCode) or a domain rule’s (components.schemas.RefusalCode, on 409, or 400 for a create request whose terms are refused; when several, this is the first and details list each)',
      ),
    message: z.string().describe('Plain-language explanation'),
    details: z.array(errorDetailSchema).describe('Fields at fault, by path'),
    citation: z.string().optional().describe('The rule refused: its source, e.g. SI 2000/617 reg 7(2)'),
  })
  .describe('Error');

/** What `POST /arrangements` answers. */
export const createdSchema = z.object({
  ref: z.string(),
  workflowId: z.string(),
  created: z.boolean().describe('false when an identical earlier request already created it'),
  links: z.object({ self: z.string(), whyWaiting: z.string(), audit: z.string() }),
});

/** What an accepted action answers. */
export const commandResultSchema = z.object({
  ref: z.string(),
  status: z.enum(ARRANGEMENT_STATUSES),
  version: z.number().int(),
  auditIndex: z.number().int().describe('Position of the audit entry this action wrote'),
});

/** One row of a list. */
export const arrangementSummarySchema = z.object({
  ref: z.string(),
  status: z.string().optional(),
  region: z.string().optional(),
  partnerIds: z.array(z.string()),
  types: z.array(z.string()),
  nextDeadlineAt: z.string().optional(),
  reviewDate: z.string().optional(),
  running: z.boolean().describe('false once the arrangement is closed or abandoned'),
  partners: z
    .array(z.object({ id: z.string(), name: z.string() }))
    .optional()
    .describe('From the read model: each partner with its name'),
  notifiedAt: z.string().optional().describe('From the read model: when the Regional Office was last notified'),
  revision: z.number().int().optional().describe('From the read model: the revision of the row'),
});

/** One page of arrangements. */
export const listPageSchema = z.object({
  items: z.array(arrangementSummarySchema),
  nextPageToken: z.string().optional().describe('Pass as pageToken for the next page; absent on the last'),
});

/** The caller's deadlines, soonest first: one row per open obligation the caller owes or oversees. */
export const deadlinesSchema = z.object({
  items: z.array(
    z.object({
      ref: z.string().describe('The arrangement'),
      obligationId: z.string().optional(),
      kind: z.string().optional(),
      title: z.string().optional().describe('What is due'),
      owners: z
        .array(z.object({ id: z.string(), name: z.string() }))
        .optional()
        .describe("The organisations that owe it; empty for the Regional Office's own duties"),
      responsibleRole: z.string().optional(),
      dueDate: z.string().optional().describe('The due date, a day in England'),
      status: z.string().optional().describe("The arrangement's status"),
      region: z.string().optional(),
      remindersSent: z.array(z.string()).optional().describe('Ladder steps already sent'),
      dueAt: z.string().describe('The instant it is overdue (the end of the due date in England)'),
      overdue: z.boolean(),
    }),
  ),
  truncated: z.boolean().describe('true when more rows matched than one answer holds (500)'),
});

/** One arrangement from the read model (`GET /arrangements/{ref}` without `consistent=true`). */
export const arrangementReadModelSchema = z
  .looseObject({
    source: z.literal('readModel'),
    ref: z.string(),
    revision: z.number().int().describe('Rises with each change the workflow writes; an older write never replaces a newer one'),
    status: z.enum(ARRANGEMENT_STATUSES),
    version: z.number().int().optional(),
    terms: z.looseObject({}).optional().describe('The terms in force (the latest version)'),
    obligations: z.array(z.looseObject({ obligationId: z.string(), title: z.string(), dueDate: z.string(), status: z.string() })),
    decisions: z.array(z.looseObject({ round: z.number().int(), notifiedAt: z.string(), decidedAt: z.string().optional() })),
    versions: z.array(z.looseObject({ n: z.number().int() })),
  })
  .describe('ArrangementReadModel');

/** `GET /reports/time-to-decision`: one line per region. */
export const timeToDecisionSchema = z.object({
  from: z.string(),
  to: z.string(),
  regions: z.array(
    z.object({
      region: z.string(),
      waiting: z.number().int().describe('Notifications waiting for an answer now'),
      ageing: z
        .object({ '0-10': z.number().int(), '11-20': z.number().int(), '21-40': z.number().int(), over40: z.number().int() })
        .describe('The waiting ones by working days since the notification'),
      decided: z.number().int().describe('Answers given in the period'),
      medianWorkingDays: z.number().optional(),
      p90WorkingDays: z.number().optional(),
    }),
  ),
});

/** The arrangement's state as the workflow reports it (see domain `ArrangementState`). */
export const arrangementStateSchema = z
  .looseObject({
    ref: z.string(),
    version: z.number().int(),
    status: z.enum(ARRANGEMENT_STATUSES),
    terms: z.looseObject({}),
    obligations: z.array(z.looseObject({})),
    audit: z.array(z.looseObject({})),
  })
  .describe('ArrangementState');

/** What the arrangement waits for (see domain `WhyWaiting`). */
export const whyWaitingSchema = z.looseObject({}).describe('WhyWaiting');

/** One version of the terms (see domain `TermsVersion`): effective date, changes, classification, decisions. */
export const termsVersionSchema = z
  .looseObject({
    n: z.number().int(),
    effectiveDate: z.string(),
    terms: z.looseObject({}),
    changes: z.array(z.looseObject({ path: z.string(), old: z.unknown().optional(), new: z.unknown().optional() })),
    classification: z.object({ materiality: z.enum(['minor', 'material']), reasons: z.array(z.string()) }).optional(),
    variationId: z.string().optional(),
    decisions: z.array(
      z.object({ action: z.string(), actorId: z.string(), role: z.string(), organisationId: z.string().optional(), at: z.number() }),
    ),
  })
  .describe('TermsVersion');

/** Every version of the terms, oldest first. */
export const termsVersionsSchema = z.object({ ref: z.string(), current: z.number().int(), versions: z.array(termsVersionSchema) });

/** The audit trail: who did what, when and why; actors come from tokens. */
export const auditSchema = z.object({
  ref: z.string(),
  entries: z.array(
    z.looseObject({
      at: z.number(),
      actorId: z.string(),
      role: z.string(),
      organisationId: z.string().optional(),
      action: z.string(),
      reason: z.string().optional(),
    }),
  ),
});

/** `POST /calendar-feeds`: a feed of my own deadlines, or of an organisation's (mine by default; an administrator names one). */
export const calendarFeedBodySchema = z.discriminatedUnion('for', [
  z.strictObject({ for: z.literal('me').describe('What I may list: my organisation’s duties, my region’s, or all for an administrator') }),
  z.strictObject({
    for: z.literal('organisation').describe("An organisation's duties, for everyone who acts for it"),
    organisationId: idSchema.optional().describe('The partner organisation (default: mine; an administrator must name one)'),
  }),
]);

/** Path of `DELETE /calendar-feeds/{id}`. */
export const calendarFeedParamsSchema = z.strictObject({
  id: z.uuid().describe('The feed, as `POST /calendar-feeds` or `GET /calendar-feeds` gave it'),
});

/** Path of the feed itself, `GET /calendar/{token}.ics`. */
export const calendarFileParamsSchema = z.strictObject({
  file: z.string().describe('The secret token followed by `.ics`, exactly as in the URL `POST /calendar-feeds` gave'),
});

/** One feed as its holders see it: never its secret, except `url` once, in the answer to the create. */
export const calendarFeedSchema = z.object({
  id: z.uuid(),
  owner: z.union([
    z.object({ kind: z.literal('person'), personId: z.string() }),
    z.object({ kind: z.literal('organisation'), organisationId: z.string() }),
  ]),
  createdBy: z.string(),
  createdAt: z.string().describe('ISO instant'),
});

/** The answer to `POST /calendar-feeds`: the feed and its secret URL, shown only this once. */
export const createdCalendarFeedSchema = calendarFeedSchema.extend({
  url: z.string().describe('The secret calendar URL (iCalendar); anyone who has it can read the feed, so share it only with calendars'),
});

/** The answer to `GET /calendar-feeds`. */
export const calendarFeedsSchema = z.object({ items: z.array(calendarFeedSchema) });
