import type { z } from 'zod';
import type { Zod } from './lazy-schema';
import { lazySchema } from './lazy-schema';
import { boundedList } from './bounds';
import { dateStringSchema } from './calendar';

/** Who a reminder goes to, escalating along the ladder of section31.md §13.4 (inferred). */
export const RECIPIENT_ROLES = ['responsible', 'lineOfficer', 'chiefOfficers', 'regionalOffice', 'partnerContacts', 'consultees'] as const;

/** A recipient role resolved against the terms' contacts. */
export type RecipientRole = (typeof RECIPIENT_ROLES)[number];

/** Days in a year, the widest any policy period or reminder offset may reach (inferred: every duty here recurs at most yearly). */
const YEAR_DAYS = 365;

/** An integer number of days within `min`–`max`. */
const days = (z: Zod, min: number, max: number) => z.number().int().min(min).max(max);

const ladderStepSchema = lazySchema((z) =>
  z.strictObject({
    step: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,16}$/, 'Use up to 16 letters, digits, dash or underscore')
      .describe('Stable step name used in idempotency keys, e.g. R0, E1'),
    offsetDays: days(z, -YEAR_DAYS, YEAR_DAYS).describe('Days relative to the due date (negative = before), within a year'),
    kind: z.enum(['reminder', 'dueToday', 'overdue']),
    recipients: boundedList(z.enum(RECIPIENT_ROLES), RECIPIENT_ROLES.length).min(1),
  }),
);

/** One rung of the reminder and escalation ladder. */
export type LadderStep = z.infer<typeof ladderStepSchema>;

/** Days in each month of a common year: an annual due date must exist every year, so 29 February is refused. */
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/**
 * A day of the year after the financial year ends (1 April–31 December): annual duties fall due in the
 * calendar year after the financial year they report on ends (31 March), never before it.
 */
const monthDaySchema = lazySchema((z) =>
  z
    .strictObject({
      month: z.number().int().min(4, 'An annual due date falls after the financial year ends on 31 March: use months 4 to 12').max(12),
      day: z.number().int().min(1).max(31),
    })
    .refine((md) => md.day <= (DAYS_IN_MONTH[md.month - 1] ?? 0), { message: 'No such day in that month', path: ['day'] }),
);

/** A day of the year, used for annual due dates after the financial year ends. */
export type MonthDay = z.infer<typeof monthDaySchema>;

/**
 * Durations, offsets and switches for rules that section31.md marks unverified or inferred.
 * None of these figures is statutory; each is a configurable default.
 */
export interface ArrangementPolicy {
  /** Consultation length in weeks; 12 follows the Cabinet Office code (inferred for local use, §4.1). */
  consultationWeeks: number;
  /** Days after preconditions open by which each HA consent is chased (§13.4, inferred). */
  haConsentChaseDays: number;
  /** The RO must be notified this many days before the start date (§13.4, inferred). */
  notifyBeforeStartDays: number;
  /** RO-side response target in calendar days after notification, on arrangements from before the working-day clock (§13.4, inferred). */
  roResponseDays: number;
  /** RO-side response target in working days (issue 12 §2; §13.4 inferred); absent on arrangements created before it. */
  roResponseWorkingDays?: number;
  /** Quarterly reports are due this many working days after quarter end (§8, inferred from a sample clause). */
  quarterlyReportWorkingDays: number;
  /** Annual report due date in the calendar year after the financial year ends (§8: 30 June, inferred). */
  annualReportDue: MonthDay;
  /** Pooled fund annual return due date (§8: 30 June, inferred). */
  annualReturnDue: MonthDay;
  /** Audit certification due date (§8: 30 September, inferred). */
  auditCertificationDue: MonthDay;
  /** Reminder offsets in days before the review date (§13.4). */
  reviewReminderOffsetsDays: number[];
  /** Reminder offsets in days before the end date (§13.4). */
  endReminderOffsetsDays: number[];
  /** Wind-up items are due this many days after the termination date (§13.4, inferred). */
  windUpDays: number;
  /** The reminder and escalation ladder for every obligation (§13.4, inferred). */
  reminderLadder: LadderStep[];
  /** Local additions to or removals from the England & Wales bank holiday list. */
  bankHolidays: { additional: string[]; removed: string[] };
  /** Inferred: an HA may be an integrated provider (default no: HAs commission, they do not provide; EN 237). */
  healthAuthorityMayProvide: boolean;
  /** Unverified: an NHS trust in a reg 8 arrangement needs HA consent as under reg 7(2) and 9(2) (default yes). */
  trustConsentForReg8: boolean;
  /** Inferred: the RO named in the terms must cover the region of at least one NHS partner (default yes, HSC 11). */
  requireRegionalOfficeOfNhsPartner: boolean;
  /** Unverified/inferred checklist items (PF-H, D8-*, cross-cutting §6.4) are required (default yes). */
  requireInferredChecklistItems: boolean;
  /**
   * Inferred: a proposal may carry a start date already past (default no). Partners notify the RO of
   * their *intention* before using the powers (HSC paras 1, 11), so an arrangement cannot take
   * effect retrospectively; and a past start would replay years of overdue escalations at once.
   */
  allowRetrospectiveStart: boolean;
}

/** The defaults of section31.md §8, §12 and §13.4. */
export const DEFAULT_POLICY: ArrangementPolicy = {
  consultationWeeks: 12,
  haConsentChaseDays: 28,
  notifyBeforeStartDays: 30,
  roResponseDays: 30,
  roResponseWorkingDays: 20,
  quarterlyReportWorkingDays: 20,
  annualReportDue: { month: 6, day: 30 },
  annualReturnDue: { month: 6, day: 30 },
  auditCertificationDue: { month: 9, day: 30 },
  reviewReminderOffsetsDays: [-90, -30, -7],
  endReminderOffsetsDays: [-180, -90, -30],
  windUpDays: 90,
  reminderLadder: [
    { step: 'R0', offsetDays: -14, kind: 'reminder', recipients: ['responsible'] },
    { step: 'R1', offsetDays: -3, kind: 'reminder', recipients: ['responsible'] },
    { step: 'D0', offsetDays: 0, kind: 'dueToday', recipients: ['responsible'] },
    { step: 'E1', offsetDays: 1, kind: 'overdue', recipients: ['responsible', 'lineOfficer'] },
    { step: 'E2', offsetDays: 14, kind: 'overdue', recipients: ['responsible', 'lineOfficer', 'chiefOfficers'] },
    { step: 'E3', offsetDays: 30, kind: 'overdue', recipients: ['responsible', 'lineOfficer', 'chiefOfficers', 'regionalOffice'] },
  ],
  bankHolidays: { additional: [], removed: [] },
  healthAuthorityMayProvide: false,
  trustConsentForReg8: true,
  requireRegionalOfficeOfNhsPartner: true,
  requireInferredChecklistItems: true,
  allowRetrospectiveStart: false,
};

/** Zod schema for a partial policy; every field is optional and missing ones fall back to DEFAULT_POLICY. */
export const arrangementPolicySchema = lazySchema((z) =>
  z
    .strictObject({
      // A consultation of up to a year: no statutory figure exists (section31.md §4.1); 12 weeks is the default.
      consultationWeeks: z.number().int().min(1).max(52),
      haConsentChaseDays: days(z, 1, YEAR_DAYS),
      notifyBeforeStartDays: days(z, 0, YEAR_DAYS),
      roResponseDays: days(z, 1, YEAR_DAYS),
      roResponseWorkingDays: days(z, 1, 260),
      // Due before the next quarter ends: a quarter holds about 63 working days.
      quarterlyReportWorkingDays: days(z, 0, 60),
      annualReportDue: monthDaySchema,
      annualReturnDue: monthDaySchema,
      auditCertificationDue: monthDaySchema,
      // Reminders up to two years ahead of a review or an end date; at most 12 of each.
      reviewReminderOffsetsDays: boundedList(days(z, -2 * YEAR_DAYS, -1), 12),
      endReminderOffsetsDays: boundedList(days(z, -2 * YEAR_DAYS, -1), 12),
      windUpDays: days(z, 0, YEAR_DAYS),
      reminderLadder: boundedList(ladderStepSchema, 12).refine((steps) => new Set(steps.map((s) => s.step)).size === steps.length, {
        message: 'Step names must be unique (they key each reminder sent)',
      }),
      // A year's worth of local changes to the bank holiday list, each way.
      bankHolidays: z.strictObject({ additional: boundedList(dateStringSchema, 100), removed: boundedList(dateStringSchema, 100) }),
      healthAuthorityMayProvide: z.boolean(),
      trustConsentForReg8: z.boolean(),
      requireRegionalOfficeOfNhsPartner: z.boolean(),
      requireInferredChecklistItems: z.boolean(),
      allowRetrospectiveStart: z.boolean(),
    })
    .partial()
    .describe('Arrangement policy overrides; omitted fields take the defaults'),
);

/** A partial policy as accepted on input. */
export type ArrangementPolicyInput = z.infer<typeof arrangementPolicySchema>;

/** A policy field's name. */
export type PolicyField = keyof ArrangementPolicy;

/** Policy fields holding a number of days or weeks, which a deployment may bound with `min`/`max`. */
const NUMERIC_POLICY_FIELDS = (Object.keys(DEFAULT_POLICY) as PolicyField[]).filter((f) => typeof DEFAULT_POLICY[f] === 'number');

/** Policy fields holding a list, which a deployment may bound with `maxItems`. */
const LIST_POLICY_FIELDS: readonly PolicyField[] = ['reminderLadder', 'reviewReminderOffsetsDays', 'endReminderOffsetsDays'];

const policyFieldBoundSchema = lazySchema((z) =>
  z.union([
    z.literal(true).describe('An administrator may set any value the policy schema accepts'),
    z.strictObject({ min: z.number().int().optional(), max: z.number().int().optional(), maxItems: z.number().int().min(0).optional() }),
  ]),
);

/**
 * How far an administrator may override the policy when creating an arrangement (`HAPA_POLICY_BOUNDS`):
 * one entry per field they may set, `true` for any valid value, `{min, max}` for a number of days or
 * weeks, `{maxItems}` for a list. A field without an entry may not be overridden by anyone.
 */
export const policyBoundsSchema = lazySchema((z) =>
  z
    .partialRecord(z.enum(Object.keys(DEFAULT_POLICY) as [PolicyField, ...PolicyField[]]), policyFieldBoundSchema)
    .superRefine((bounds, ctx) => {
      for (const [field, bound] of Object.entries(bounds)) {
        if (bound === true || bound === undefined) continue;
        const name = field as PolicyField;
        if ((bound.min !== undefined || bound.max !== undefined) && !NUMERIC_POLICY_FIELDS.includes(name)) {
          ctx.addIssue({ code: 'custom', path: [field], message: `min/max bound only ${NUMERIC_POLICY_FIELDS.join(', ')}` });
        }
        if (bound.maxItems !== undefined && !LIST_POLICY_FIELDS.includes(name)) {
          ctx.addIssue({ code: 'custom', path: [field], message: `maxItems bounds only ${LIST_POLICY_FIELDS.join(', ')}` });
        }
      }
    }),
);

/** The deployment's bounds on administrators' policy overrides. */
export type PolicyBounds = z.infer<typeof policyBoundsSchema>;

/**
 * The first field of a requested policy override outside the deployment's `bounds`, with why; undefined
 * when every field is within them. Fields are checked in the request's order; undefined ones are ignored.
 */
export function policyFieldOutOfBounds(
  requested: ArrangementPolicyInput,
  bounds: PolicyBounds,
): { field: PolicyField; message: string } | undefined {
  for (const [key, value] of Object.entries(requested)) {
    if (value === undefined) continue;
    const field = key as PolicyField;
    const bound = bounds[field];
    if (bound === undefined) return { field, message: 'The deployment does not let this policy field be overridden' };
    if (bound === true) continue;
    if (typeof value === 'number' && bound.min !== undefined && value < bound.min) {
      return { field, message: `The deployment allows at least ${bound.min}` };
    }
    if (typeof value === 'number' && bound.max !== undefined && value > bound.max) {
      return { field, message: `The deployment allows at most ${bound.max}` };
    }
    if (Array.isArray(value) && bound.maxItems !== undefined && value.length > bound.maxItems) {
      return { field, message: `The deployment allows at most ${bound.maxItems} entries` };
    }
  }
  return undefined;
}

/**
 * The policy overrides an arrangement starts with: the deployment's (`HAPA_POLICY`) with the create
 * request's own on top, field by field (a request's field replaces the deployment's whole, arrays and
 * objects included); fields either leaves undefined are absent. The API checks a create against
 * `resolvePolicy` of this, and the workflow creates the arrangement from it, so both apply one policy.
 */
export function mergePolicy(deployment?: ArrangementPolicyInput, request?: ArrangementPolicyInput): ArrangementPolicyInput {
  return { ...stripUndefined(deployment ?? {}), ...stripUndefined(request ?? {}) };
}

/** Merges a partial policy over DEFAULT_POLICY (copies arrays so the result shares nothing with the defaults). */
export function resolvePolicy(partial?: ArrangementPolicyInput): ArrangementPolicy {
  const merged = { ...DEFAULT_POLICY, ...stripUndefined(partial ?? {}) };
  return JSON.parse(JSON.stringify(merged)) as ArrangementPolicy;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
