import type { DayRule } from './days';
import type { z } from 'zod';
import { lazySchema } from './lazy-schema';
import type { Actor, ActorRole } from './actors';
import { arrangementTermsSchema, type ArrangementTerms } from './arrangement-terms';
import type { DateString } from './calendar';
import type { ChecklistItemId } from './agreement-checklist';
import type { ConsultationRecord } from './consultation';
import type { Obligation } from './obligations';
import { arrangementPolicySchema, resolvePolicy, type ArrangementPolicy } from './policy';
import type { Refusal } from './refusal';
import type { PendingVariation } from './variation';
import type { TermsVersion } from './lineage';
import type { AdoptedRules } from './regional-office-clock';

/** Lifecycle statuses (section31.md §13.2); stable camelCase values that travel into search attributes. */
export const ARRANGEMENT_STATUSES = [
  'draft',
  'eligibilityFailed',
  'consultationOpen',
  'consultationClosed',
  'preconditionsPending',
  'agreementDrafting',
  'agreementExecuted',
  'notified',
  'roRefused',
  'ready',
  'active',
  'terminating',
  'closed',
  'abandoned',
] as const;

/** Where an arrangement is in its lifecycle. */
export type ArrangementStatus = (typeof ARRANGEMENT_STATUSES)[number];

/** Statuses from which `abandon` is allowed: everything before active (§13.3). */
export const PRE_ACTIVE_STATUSES: readonly ArrangementStatus[] = ARRANGEMENT_STATUSES.slice(0, ARRANGEMENT_STATUSES.indexOf('active'));

/** One line of the audit trail: who did what, when, and why. */
export interface AuditEntry {
  at: number;
  actorId: string;
  role: ActorRole;
  organisationId?: string;
  action: string;
  reason?: string;
  details?: Record<string, unknown>;
}

/** A notification that could not be delivered; recorded without blocking the lifecycle. */
export interface DeliveryFailure {
  at: number;
  key: string;
  recipient: string;
  error: string;
}

/**
 * What a HImP check found: whether the arrangement fulfils the objectives of the Health Improvement
 * Programme (HSC 2000/010 para 3 [V]). Only `consistent` satisfies the precondition C4 (issue 11).
 */
export const HIMP_FINDINGS = ['consistent', 'notConsistent'] as const;

/** One HImP finding. */
export type HimpFinding = (typeof HIMP_FINDINGS)[number];

/** The preconditions gathered in parallel before the agreement (C2, C4, C6). */
export interface PreconditionsRecord {
  /** The latest HImP check; a finding absent (checks recorded before findings were) counts as consistent. */
  himp?: { himpRef: string; objectives: string[]; finding?: HimpFinding; checkedAt: number; byActorId: string };
  attestations: { partnerId: string; statement: string; at: number; byActorId: string }[];
  consents: TrustConsent[];
}

/** One HA consent an NHS trust needs (SI 617 reg 7(2), 9(2) [V]). */
export interface TrustConsent {
  trustId: string;
  healthAuthorityId: string;
  status: 'pending' | 'granted' | 'refused';
  decidedAt?: number;
  reason?: string;
}

/** The written agreement being completed and signed (C5). */
export interface AgreementRecord {
  version: number;
  checklist: { itemId: ChecklistItemId; documentRef?: string; markedAt: number; byActorId: string }[];
  signatures: { partnerId: string; signedAt: number; byActorId: string }[];
  executedAt?: number;
}

/** The notification of intention sent to the Regional Office (HSC paras 1, 11 [V]). */
export interface NotificationRecord {
  version: number;
  submittedAt: number;
  formRef?: string;
  /** When the partners were told the start date had passed with the Regional Office still to answer. */
  startDatePassedAt?: number;
}

/** The Regional Office gate's outcome for the current version. */
export interface RegionalOfficeRecord {
  mode: 'notifyAck' | 'approve';
  outcome?: 'acknowledged' | 'approved' | 'refused' | 'withdrawn';
  decidedAt?: number;
  decidedByActorId?: string;
  reasons?: string;
  informationRequests: { requestedAt: number; question: string; answeredAt?: number; answer?: string }[];
}

/** How and when the arrangement ends. */
export interface TerminationRecord {
  cause: 'notice' | 'withdrawal' | 'expiry' | 'review';
  /** Last day the arrangement is in force. */
  terminationDate: DateString;
  startedAt: number;
  byActorId: string;
  byPartnerId?: string;
  reason?: string;
}

/** The permanent record that each delegator stays liable for its delegated functions (s31(5) [V]). */
export interface LiabilityNote {
  citation: string;
  statements: { delegatorId: string; delegateId: string; functionIds: string[]; text: string }[];
  recordedAt: number;
  periodFrom: DateString;
  periodTo?: DateString;
}

/** The whole state of one arrangement, with the rules it adopted later; plain JSON so it survives continue-as-new and Queries. */
export interface ArrangementState extends AdoptedRules {
  ref: string;
  /** Agreement version: bumps on each variation taking effect and on each resubmission. */
  version: number;
  status: ArrangementStatus;
  /** The terms in force (a pending variation's terms live in `variation`). */
  terms: ArrangementTerms;
  policy: ArrangementPolicy;
  /** The latest submission and, if it failed, every eligibility refusal found. */
  proposal: { submittedAt?: number; submittedByActorId?: string; submissionCount?: number; refusals: Refusal[] };
  consultation?: ConsultationRecord;
  preconditions?: PreconditionsRecord;
  agreement?: AgreementRecord;
  notification?: NotificationRecord;
  regionalOffice?: RegionalOfficeRecord;
  /** Financial years whose reporting obligations exist already. */
  reports: { plannedFinancialYears: number[] };
  activatedAt?: number;
  variation?: PendingVariation;
  /** Variations proposed so far (for ids). */
  variationCount: number;
  review?: { dueDate: DateString; openedAt: number };
  termination?: TerminationRecord;
  closedAt?: number;
  obligations: Obligation[];
  audit: AuditEntry[];
  failures: DeliveryFailure[];
  sentNotificationKeys: string[];
  /** How dates become instants (`domain/days.ts`); absent on arrangements started under the UTC rule. */
  dayRule?: DayRule;
  /**
   * How a variation that takes effect re-derives the reporting obligations. 'fromEffectiveDate': from
   * the varied terms, for the periods that end on or after the day it takes effect (issue 12 §1).
   * Absent: the rule from before, which re-planned every planned year from the varied terms; the
   * workflow sets the field (behind a `patched()` guard) before a variation can be decided, so
   * histories recorded before it replay unchanged.
   */
  variationRederivation?: 'fromEffectiveDate';
  /** True: the partners are told if the start date passes with the RO still to answer (issue 12 §2; set behind `patched()`). */
  startDatePassedNotice?: true;
  /** Every version of the terms once the arrangement has been varied (read it with `termsVersions`). */
  versions?: TermsVersion[];
  /**
   * `'failOnSubmit'` on arrangements started before ineligible terms were refused as commands: their
   * submission of ineligible terms still moves to `eligibilityFailed`, so their histories replay.
   * Absent: creation, edits and submission refuse ineligible terms with every reason (issue 11).
   */
  eligibilityRule?: 'failOnSubmit';
  /**
   * `'ticksOnly'` on arrangements started before the checklist was verified from the terms: a tick alone
   * satisfies an item there, so their histories replay. Absent: a gap in the terms refuses the tick and
   * the signature (issue 11 §4).
   */
  checklistRule?: 'ticksOnly';
  liabilityNote?: LiabilityNote;
  createdAt: number;
  updatedAt: number;
}

/** Input to create an arrangement: its reference, proposed terms and policy overrides. */
export const createArrangementInputSchema = lazySchema((z) =>
  z
    .strictObject({
      ref: z
        .string()
        .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'Use letters, digits, dot, dash or underscore (max 64)')
        .describe('Stable arrangement reference, unique per arrangement'),
      terms: arrangementTermsSchema,
      policy: arrangementPolicySchema.optional(),
    })
    .describe('Create an arrangement in draft'),
);

/** Input to create an arrangement. */
export type CreateArrangementInput = z.infer<typeof createArrangementInputSchema>;

/** Builds an audit entry for an actor. */
export function auditEntry(actor: Actor, action: string, now: number, extra: Pick<AuditEntry, 'reason' | 'details'> = {}): AuditEntry {
  return {
    at: now,
    actorId: actor.id,
    role: actor.role,
    ...(actor.organisationId !== undefined ? { organisationId: actor.organisationId } : {}),
    action,
    ...(extra.reason !== undefined ? { reason: extra.reason } : {}),
    ...(extra.details !== undefined ? { details: extra.details } : {}),
  };
}

/** Creates an arrangement in `draft`; the API checks the terms' eligibility before it starts the workflow (`whyDraftTermsAreRefused`). */
export function createArrangement(input: CreateArrangementInput, actor: Actor, now: number): ArrangementState {
  const terms = JSON.parse(JSON.stringify(input.terms)) as ArrangementTerms;
  return {
    ref: input.ref,
    version: 1,
    status: 'draft',
    terms,
    policy: resolvePolicy(input.policy),
    proposal: { refusals: [] },
    reports: { plannedFinancialYears: [] },
    variationCount: 0,
    obligations: [],
    audit: [auditEntry(actor, 'created', now)],
    failures: [],
    sentNotificationKeys: [],
    dayRule: 'england',
    createdAt: now,
    updatedAt: now,
  };
}

/** Statuses after which nothing more can happen: the workflow may end (the record, with its liability note, stays). */
export const FINISHED_STATUSES: readonly ArrangementStatus[] = ['closed', 'abandoned'];

/** True once the arrangement is closed or abandoned; `eligibilityFailed` and `roRefused` can still be edited or resubmitted. */
export function isFinished(state: Pick<ArrangementState, 'status'>): boolean {
  return FINISHED_STATUSES.includes(state.status);
}
