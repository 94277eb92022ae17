import type { z } from 'zod';
import type { Zod } from './lazy-schema';
import { lazySchema } from './lazy-schema';
import { CHECKLIST_ITEM_IDS } from './agreement-checklist';
import { arrangementTermsSchema } from './arrangement-terms';
import { HIMP_FINDINGS } from './arrangement-state';
import { boundedList, financialYearSchema, idSchema, nameSchema, referenceSchema, textSchema } from './bounds';
import { dateStringSchema } from './calendar';
import { CITATIONS } from './citations';
import { refusal, type Refusal } from './refusal';
import { WIND_UP_ITEM_IDS } from './wind-up';

const reason = lazySchema(() => textSchema.optional().describe('Why the actor is doing this; kept in the audit trail'));
const requiredReason = lazySchema(() => textSchema.describe('Reasons are required for this decision'));
const partnerId = lazySchema(() => idSchema.optional().describe('Administrators acting for a partner name it here'));
const documentRef = lazySchema(() => referenceSchema.optional().describe('Reference to the supporting document'));

/**
 * A JSON Merge Patch (RFC 7386) of the terms: only their top-level fields may be named; the patched
 * terms are checked against the terms' own schema when the variation is proposed.
 */
const termsMergePatchSchema = lazySchema((z) =>
  z.strictObject(
    Object.fromEntries(Object.keys(arrangementTermsSchema.shape).map((field) => [field, z.unknown().optional()])) as {
      [Field in keyof typeof arrangementTermsSchema.shape]: z.ZodOptional<z.ZodUnknown>;
    },
  ),
);

/** The fields that mark one checklist item (alone, or as one of several). */
const checklistMark = (z: Zod) => ({
  itemId: z.enum(CHECKLIST_ITEM_IDS),
  documentRef,
  present: z.boolean().optional().describe('false un-marks the item (and clears signatures)'),
  transfersLiability: z.boolean().optional().describe('X-LIABILITY only: true if the clause purports to transfer liability'),
});

/** A command's schema, built on first use from its own fields (`shape`), like every schema here (lazy-schema.ts). */
const command = <T extends string, S extends z.ZodRawShape>(type: T, shape: (z: Zod) => S) =>
  lazySchema((z) => z.strictObject({ type: z.literal(type), reason }).extend(shape(z)));

/** Zod schema for every command, keyed by type (the API validates bodies and builds OpenAPI from these). */
export const commandSchemas = {
  submitProposal: command('submitProposal', () => ({})),
  editProposal: command('editProposal', () => ({ terms: arrangementTermsSchema })),
  recordConsultationResponse: command('recordConsultationResponse', () => ({ group: nameSchema, summary: textSchema })),
  closeConsultation: command('closeConsultation', () => ({})),
  considerResponses: command('considerResponses', () => ({ partnerId, summary: textSchema })),
  recordHimpCheck: command('recordHimpCheck', (z) => ({
    himpRef: referenceSchema,
    objectives: boundedList(textSchema).min(1),
    finding: z
      .enum(HIMP_FINDINGS)
      .describe(
        'Whether the arrangement fulfils the objectives of the HImP; only consistent satisfies the precondition (HSC 2000/010 para 3)',
      ),
  })),
  attestImprovement: command('attestImprovement', () => ({ partnerId, statement: textSchema })),
  grantConsent: command('grantConsent', () => ({ trustId: idSchema, healthAuthorityId: idSchema })),
  refuseConsent: command('refuseConsent', () => ({ trustId: idSchema, healthAuthorityId: idSchema, reason: requiredReason })),
  markChecklistItem: command('markChecklistItem', checklistMark),
  markChecklistItems: command('markChecklistItems', (z) => ({
    items: boundedList(z.strictObject(checklistMark(z)), CHECKLIST_ITEM_IDS.length)
      .min(1)
      .describe('Several items at once: all are checked first (every refusal at once), then each is marked with its own audit entry'),
  })),
  signAgreement: command('signAgreement', () => ({ partnerId })),
  submitNotification: command('submitNotification', () => ({ formRef: documentRef })),
  acknowledgeReceipt: command('acknowledgeReceipt', () => ({})),
  approve: command('approve', () => ({})),
  refuse: command('refuse', () => ({ reason: requiredReason })),
  requestInformation: command('requestInformation', () => ({ question: textSchema })),
  provideInformation: command('provideInformation', () => ({ answer: textSchema })),
  resubmit: command('resubmit', () => ({ terms: arrangementTermsSchema.optional() })),
  proposeVariation: command('proposeVariation', () => ({
    patch: termsMergePatchSchema
      .optional()
      .describe('What changes, as a JSON Merge Patch of the terms in force (RFC 7386): fields to set, null to remove'),
    terms: arrangementTermsSchema.optional().describe('The whole varied terms (kept for existing clients); give either this or patch'),
  })),
  withdrawVariation: command('withdrawVariation', () => ({ partnerId })),
  decideVariation: command('decideVariation', (z) => ({ decision: z.enum(['approve', 'reject']) })),
  signVariation: command('signVariation', () => ({ partnerId })),
  fileQuarterlyReport: command('fileQuarterlyReport', (z) => ({
    period: z
      .string()
      .regex(/^20\d{2}Q[1-4]$/, 'A financial year from 2000 to 2099 and its quarter, e.g. 2001Q2')
      .describe("e.g. '2001Q2'"),
    documentRef,
  })),
  fileAnnualReport: command('fileAnnualReport', () => ({ financialYear: financialYearSchema, documentRef })),
  submitAnnualReturn: command('submitAnnualReturn', () => ({ financialYear: financialYearSchema, documentRef })),
  certifyAudit: command('certifyAudit', () => ({ financialYear: financialYearSchema, documentRef })),
  completeReview: command('completeReview', (z) => ({
    outcome: z.enum(['continue', 'terminate']),
    nextReviewDate: dateStringSchema.optional().describe('Required when continuing'),
    summary: textSchema.optional(),
  })),
  giveNotice: command('giveNotice', () => ({ partnerId })),
  withdrawApproval: command('withdrawApproval', () => ({ reason: requiredReason })),
  completeWindUpItem: command('completeWindUpItem', (z) => ({ itemId: z.enum(WIND_UP_ITEM_IDS), documentRef })),
  abandon: command('abandon', () => ({})),
} as const;

/** A command's type, e.g. 'submitProposal'. */
export type CommandType = keyof typeof commandSchemas;

/** Every command type, in lifecycle order. */
export const COMMAND_TYPES = Object.keys(commandSchemas) as CommandType[];

/** The union of all command schemas, discriminated on `type`. */
export const commandSchema = lazySchema((z) =>
  z.discriminatedUnion(
    'type',
    Object.values(commandSchemas) as unknown as [(typeof commandSchemas)[CommandType], ...(typeof commandSchemas)[CommandType][]],
  ),
);

/**
 * Why a command does not match its schema, or undefined when it does. The API validates first; the
 * workflow asks again because any Temporal client can send it an Update (code `invalidCommand`).
 */
export function whyCommandIsMalformed(command: unknown): Refusal | undefined {
  const parsed = commandSchema.safeParse(command);
  if (parsed.success) return undefined;
  const issue = parsed.error.issues[0];
  const path = (issue?.path ?? []).map((p) => (typeof p === 'number' ? p : String(p)));
  return refusal('invalidCommand', `The command is not valid: ${issue?.message ?? 'unknown problem'}.`, CITATIONS.inputBounds, path);
}

/** The command of a given type. */
export type CommandOf<T extends CommandType> = z.infer<(typeof commandSchemas)[T]>;

/** Any command. */
export type Command = { [T in CommandType]: CommandOf<T> }[CommandType];
