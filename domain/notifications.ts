import { SYSTEM_ACTOR } from './actors';
import { auditEntry, type ArrangementState } from './arrangement-state';
import type { ArrangementTerms } from './arrangement-terms';
import type { Obligation, ObligationKind } from './obligations';
import type { RecipientRole } from './policy';

/** What a notification is about; stable strings that travel to the mailer and the audit trail. */
export type NotificationKind =
  | 'reminder'
  | 'dueToday'
  | 'overdue'
  | 'consultationInvitation'
  | 'notificationSubmitted'
  | 'roDecision'
  | 'informationRequest'
  | 'variation'
  | 'notice'
  | 'withdrawal'
  | 'statusChange';

/**
 * Which email a notification is, finer than its kind: each names one template of `templates/email/`
 * (issue 15 §1). Stable strings: recorded histories carry them.
 */
export const MESSAGE_KINDS = [
  'reminder',
  'dueToday',
  'overdue',
  'consultationInvitation',
  'consultationClosed',
  'notificationSubmitted',
  'informationRequested',
  'informationProvided',
  'roDecision',
  'startDatePassed',
  'variationProposed',
  'variationAwaitsRegionalOffice',
  'variationAwaitsSignatures',
  'variationTookEffect',
  'variationDropped',
  'ending',
] as const;

/** Which email a notification is (its template). */
export type MessageKind = (typeof MESSAGE_KINDS)[number];

/**
 * The facts an email is written from, per message: names and free text as given, dates as
 * 'YYYY-MM-DD' days in England, lists as arrays. The templates of `templates/email/` name them.
 */
export type MessageFacts = Readonly<Record<string, string | number | boolean | readonly string[]>>;

/** A person a notification is sent to, with the role they receive it in. */
export interface Recipient {
  name: string;
  email: string;
  role: RecipientRole;
}

/** A message the workflow hands to the mailer activity; `key` makes sending idempotent. */
export interface Notification {
  /** `${ref}:${obligationId}:${step}` for reminders, `${ref}:${event}:${version}` otherwise. */
  key: string;
  kind: NotificationKind;
  arrangementRef: string;
  subject: string;
  /** Plain language: what is due, by when, and what to do. */
  summary: string;
  dueDate?: string;
  ladderStep?: string;
  /** Reminders and escalations: the obligation they chase; they are wanted only while it is open. */
  obligationId?: string;
  recipients: Recipient[];
  citation?: string;
  reasons?: string;
  /** Which email this is; absent on notifications built before issue 15 (they render from `summary`). */
  message?: MessageKind;
  /** The partners' names, so the email says whose arrangement it is. */
  partnerNames?: string[];
  /** What the email is written from; see `MessageFacts`. */
  facts?: MessageFacts;
  /** Reminders: the kind of duty chased, which says what to do. */
  obligationKind?: ObligationKind;
  /** Deadlines: days before the due date that preparing starts (the calendar alarm); from the reminder ladder. */
  leadDays?: number;
  /**
   * Deadlines: the obligation whose due date `dueDate` is ('windUp' for the wind-up items together), so
   * its calendar event keeps one identity across emails. Unlike `obligationId`, it never withholds a message.
   */
  deadlineId?: string;
}

/** A side effect the caller must carry out after a decision or tick. */
export type Effect = { kind: 'notify'; notification: Notification };

/** Wraps a notification as an effect. */
export function notify(notification: Notification): Effect {
  return { kind: 'notify', notification };
}

function partnerContacts(terms: ArrangementTerms, ids: string[]): Recipient[] {
  return terms.partners.filter((p) => ids.includes(p.id)).map((p) => ({ ...p.contactOfficer, role: 'partnerContacts' as const }));
}

/** The people directly responsible for an obligation. */
function responsibleRecipients(terms: ArrangementTerms, obligation: Obligation): Recipient[] {
  switch (obligation.responsibleRole) {
    case 'regionalOffice':
      return [{ ...terms.regionalOffice.officer, role: 'responsible' }];
    case 'poolManager':
      return terms.pooledFund ? [{ ...terms.pooledFund.poolManager, role: 'responsible' }] : [];
    default:
      return partnerContacts(terms, obligation.responsiblePartnerIds).map((r) => ({ ...r, role: 'responsible' as const }));
  }
}

/**
 * Who the escalation's line officer step adds (§13.4, inferred; issue 12 §2): someone above the person
 * already chased. For the Regional Office, its named manager; for a partner, its contact officer's line
 * manager; for a pool, the host's finance officer too. Terms that name none of these keep the rule from
 * before: the responsible partners' contact officers (every partner's, when the Regional Office is late).
 */
function lineOfficers(terms: ArrangementTerms, obligation: Obligation): Recipient[] {
  const as = (contact: { name: string; email: string }): Recipient => ({ ...contact, role: 'lineOfficer' });
  if (obligation.responsibleRole === 'regionalOffice' && terms.regionalOffice.manager) return [as(terms.regionalOffice.manager)];
  const ids = obligation.responsiblePartnerIds.length > 0 ? obligation.responsiblePartnerIds : terms.partners.map((p) => p.id);
  const people = terms.partners.filter((p) => ids.includes(p.id)).map((p) => as(p.lineManager ?? p.contactOfficer));
  const finance =
    obligation.responsibleRole === 'poolManager' || obligation.responsibleRole === 'hostFinance'
      ? terms.pooledFund?.financeOfficer
      : undefined;
  return finance ? [...people, as(finance)] : people;
}

/** Resolves recipient roles to people from the terms, once per email address (first role wins). */
export function resolveRecipients(terms: ArrangementTerms, roles: RecipientRole[], obligation?: Obligation): Recipient[] {
  const all: Recipient[] = [];
  for (const role of roles) {
    if (role === 'responsible' && obligation) all.push(...responsibleRecipients(terms, obligation));
    if (role === 'lineOfficer' && obligation) all.push(...lineOfficers(terms, obligation));
    if (role === 'chiefOfficers') all.push(...terms.partners.map((p) => ({ ...p.chiefOfficer, role })));
    if (role === 'regionalOffice') all.push({ ...terms.regionalOffice.officer, role });
    if (role === 'partnerContacts')
      all.push(
        ...partnerContacts(
          terms,
          terms.partners.map((p) => p.id),
        ),
      );
    if (role === 'consultees') all.push(...terms.consultees.map((c) => ({ ...c.contact, role })));
  }
  const seen = new Set<string>();
  return all.filter((r) => (seen.has(r.email.toLowerCase()) ? false : (seen.add(r.email.toLowerCase()), true)));
}

/** Idempotency key for an event notification: `${ref}:${event}:${version}`. */
export function eventKey(ref: string, event: string, version: number | string): string {
  return `${ref}:${event}:${version}`;
}

/**
 * The idempotency key of each event notification, built here only: the mailer's sent log and recorded
 * workflow state hold these strings, so they never change. `subject` is a proposal round ('proposal1')
 * or a variation id ('variation2'); `version` the agreement version; `n` counts information requests.
 */
export const notificationKeys = {
  consultationInvitation: (ref: string, subject: string): string => eventKey(ref, 'consultationInvitation', subject),
  consultationClosed: (ref: string, subject: string): string => eventKey(ref, 'consultationClosed', subject),
  notificationSubmitted: (ref: string, version: number): string => eventKey(ref, 'notificationSubmitted', version),
  /** `about`: the agreement version of a notification, or a variation's id ('variation2'). */
  informationRequest: (ref: string, about: number | string, n: number): string => eventKey(ref, 'informationRequest', `${about}.${n}`),
  informationProvided: (ref: string, about: number | string, n: number): string => eventKey(ref, 'informationProvided', `${about}.${n}`),
  roDecision: (ref: string, version: number): string => eventKey(ref, 'roDecision', version),
  startDatePassed: (ref: string, version: number): string => eventKey(ref, 'startDatePassed', version),
  variationProposed: (ref: string, variationId: string): string => eventKey(ref, 'variationProposed', variationId),
  variationTookEffect: (ref: string, variationId: string): string => eventKey(ref, 'variationTookEffect', variationId),
  variationAwaitsRegionalOffice: (ref: string, variationId: string): string => eventKey(ref, 'variationAwaitsRegionalOffice', variationId),
  variationAwaitsSignatures: (ref: string, variationId: string): string => eventKey(ref, 'variationAwaitsSignatures', variationId),
  variationDropped: (ref: string, variationId: string): string => eventKey(ref, 'variationDropped', variationId),
  /** The ending notice: 'withdrawal' when the Regional Office withdrew approval, 'notice' for every other cause. */
  ending: (ref: string, withdrawal: boolean, version: number): string => eventKey(ref, withdrawal ? 'withdrawal' : 'notice', version),
};

/** Idempotency key for a reminder: `${ref}:${obligationId}:${step}`. */
export function reminderKey(ref: string, obligationId: string, step: string): string {
  return `${ref}:${obligationId}:${step}`;
}

/** A failed delivery to record. */
export interface DeliveryFailureInput {
  key: string;
  recipient: string;
  error: string;
}

/**
 * Records a failed notification delivery in `failures` and the audit trail, as the system actor at
 * `now` (ms); the lifecycle carries on. The workflow calls it when the mailer activity gives up.
 */
export function recordDeliveryFailure(state: ArrangementState, failure: DeliveryFailureInput, now: number): ArrangementState {
  return {
    ...state,
    failures: [...state.failures, { at: now, ...failure }],
    audit: [...state.audit, auditEntry(SYSTEM_ACTOR, 'deliveryFailed', now, { details: { ...failure } })],
    updatedAt: Math.max(state.updatedAt, now),
  };
}
