import type { ArrangementTerms } from './arrangement-terms';
import type { Obligation } from './obligations';
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

/** Resolves recipient roles to people from the terms, once per email address (first role wins). */
export function resolveRecipients(terms: ArrangementTerms, roles: RecipientRole[], obligation?: Obligation): Recipient[] {
  const all: Recipient[] = [];
  for (const role of roles) {
    if (role === 'responsible' && obligation) all.push(...responsibleRecipients(terms, obligation));
    if (role === 'lineOfficer' && obligation) {
      // The line officer is the responsible partner's contact officer (the pool manager's host partner for pools).
      const ids = obligation.responsiblePartnerIds.length > 0 ? obligation.responsiblePartnerIds : terms.partners.map((p) => p.id);
      all.push(...partnerContacts(terms, ids).map((r) => ({ ...r, role: 'lineOfficer' as const })));
    }
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

/** Idempotency key for a reminder: `${ref}:${obligationId}:${step}`. */
export function reminderKey(ref: string, obligationId: string, step: string): string {
  return `${ref}:${obligationId}:${step}`;
}
