import { z } from 'zod';
import { CHECKLIST_ITEM_IDS } from './agreement-checklist';
import { arrangementTermsSchema } from './arrangement-terms';
import { dateStringSchema } from './calendar';
import { WIND_UP_ITEM_IDS } from './wind-up';

const reason = z.string().min(1).optional().describe('Why the actor is doing this; kept in the audit trail');
const requiredReason = z.string().min(1).describe('Reasons are required for this decision');
const partnerId = z.string().min(1).optional().describe('Administrators acting for a partner name it here');
const documentRef = z.string().min(1).optional().describe('Reference to the supporting document');

const command = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) => z.object({ type: z.literal(type), reason }).extend(shape);

/** Zod schema for every command, keyed by type (the API validates bodies and builds OpenAPI from these). */
export const commandSchemas = {
  submitProposal: command('submitProposal', {}),
  editProposal: command('editProposal', { terms: arrangementTermsSchema }),
  recordConsultationResponse: command('recordConsultationResponse', { group: z.string().min(1), summary: z.string().min(1) }),
  closeConsultation: command('closeConsultation', {}),
  considerResponses: command('considerResponses', { partnerId, summary: z.string().min(1) }),
  recordHimpCheck: command('recordHimpCheck', { himpRef: z.string().min(1), objectives: z.array(z.string().min(1)).min(1) }),
  attestImprovement: command('attestImprovement', { partnerId, statement: z.string().min(1) }),
  grantConsent: command('grantConsent', { trustId: z.string().min(1), healthAuthorityId: z.string().min(1) }),
  refuseConsent: command('refuseConsent', { trustId: z.string().min(1), healthAuthorityId: z.string().min(1), reason: requiredReason }),
  markChecklistItem: command('markChecklistItem', {
    itemId: z.enum(CHECKLIST_ITEM_IDS),
    documentRef,
    present: z.boolean().optional().describe('false un-marks the item (and clears signatures)'),
    transfersLiability: z.boolean().optional().describe('X-LIABILITY only: true if the clause purports to transfer liability'),
  }),
  signAgreement: command('signAgreement', { partnerId }),
  submitNotification: command('submitNotification', { formRef: documentRef }),
  acknowledgeReceipt: command('acknowledgeReceipt', {}),
  approve: command('approve', {}),
  refuse: command('refuse', { reason: requiredReason }),
  requestInformation: command('requestInformation', { question: z.string().min(1) }),
  provideInformation: command('provideInformation', { answer: z.string().min(1) }),
  resubmit: command('resubmit', { terms: arrangementTermsSchema.optional() }),
  proposeVariation: command('proposeVariation', { terms: arrangementTermsSchema }),
  decideVariation: command('decideVariation', { decision: z.enum(['approve', 'reject']) }),
  fileQuarterlyReport: command('fileQuarterlyReport', {
    period: z
      .string()
      .regex(/^\d{4}Q[1-4]$/)
      .describe("e.g. '2001Q2'"),
    documentRef,
  }),
  fileAnnualReport: command('fileAnnualReport', { financialYear: z.number().int(), documentRef }),
  submitAnnualReturn: command('submitAnnualReturn', { financialYear: z.number().int(), documentRef }),
  certifyAudit: command('certifyAudit', { financialYear: z.number().int(), documentRef }),
  completeReview: command('completeReview', {
    outcome: z.enum(['continue', 'terminate']),
    nextReviewDate: dateStringSchema.optional().describe('Required when continuing'),
    summary: z.string().min(1).optional(),
  }),
  giveNotice: command('giveNotice', { partnerId }),
  withdrawApproval: command('withdrawApproval', { reason: requiredReason }),
  completeWindUpItem: command('completeWindUpItem', { itemId: z.enum(WIND_UP_ITEM_IDS), documentRef }),
  abandon: command('abandon', {}),
} as const;

/** A command's type, e.g. 'submitProposal'. */
export type CommandType = keyof typeof commandSchemas;

/** Every command type, in lifecycle order. */
export const COMMAND_TYPES = Object.keys(commandSchemas) as CommandType[];

/** The union of all command schemas, discriminated on `type`. */
export const commandSchema = z.discriminatedUnion(
  'type',
  Object.values(commandSchemas) as unknown as [(typeof commandSchemas)[CommandType], ...(typeof commandSchemas)[CommandType][]],
);

/** The command of a given type. */
export type CommandOf<T extends CommandType> = z.infer<(typeof commandSchemas)[T]>;

/** Any command. */
export type Command = { [T in CommandType]: CommandOf<T> }[CommandType];
