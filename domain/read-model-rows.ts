/**
 * The rows the read model holds for one arrangement beyond its summary: its obligations (with the
 * reminder steps sent for each), each notification to the Regional Office and its answer, and its
 * versions of the terms. Pure views of the state: the workflow projects them after each change, and
 * a rebuild derives the same rows from the same state.
 */
import type { ArrangementState, AuditEntry } from './arrangement-state';
import { isInListScope, type ListScope } from './authorisation';
import { daysOf } from './days';
import { termsVersions, type TermsVersion } from './lineage';
import { reminderKey, resolveRecipients, type Recipient } from './notifications';
import type { ObligationKind, ObligationStatus, ResponsibleRole } from './obligations';
import { leadDaysOf, reminderStepsFor } from './reminders';

/** One reminder or escalation step of an obligation that was sent, and to whom (the recipients its ladder step names). */
export interface SentReminder {
  step: string;
  /** The notification key the sent-log holds (`${ref}:${obligationId}:${step}`). */
  key: string;
  recipients: Recipient[];
}

/** One obligation as the read model holds it: what, owed by whom, due when, and its state. */
export interface ObligationRow {
  obligationId: string;
  kind: ObligationKind;
  title: string;
  /** A day in England; `dueAt` is the instant it has passed (ISO). */
  dueDate: string;
  dueAt: string;
  status: ObligationStatus;
  responsibleRole: ResponsibleRole;
  /**
   * The organisations that owe it: the responsible partners (every partner when the obligation names
   * none), or none for the Regional Office's duties (`responsibleRole: 'regionalOffice'`).
   */
  ownerIds: string[];
  citation: string;
  /**
   * Days before the due date that preparing starts (`leadDaysOf` its reminder steps, as the deadline
   * email's calendar alarm); absent when no reminder comes before the due date.
   */
  leadDays?: number;
  createdAt: string;
  doneAt?: string;
  cancelledAt?: string;
  remindersSent: SentReminder[];
  /** The Regional Office's response clock stopped on this day (England) while it waits for information it asked for. */
  clockStoppedOn?: string;
}

/** One notification to the Regional Office and its answer: a round of the time-to-decision report. */
export interface DecisionRow {
  /** 1 for the first notification, 2 after a refusal and resubmission, … */
  round: number;
  /** ISO instant the partners notified the Regional Office. */
  notifiedAt: string;
  /** ISO instant of the Regional Office's answer; absent while it has not answered. */
  decidedAt?: string;
  /** `acknowledgeReceipt`, `approve` or `refuse`; absent while it has not answered. */
  outcome?: string;
  decidedBy?: string;
  reason?: string;
}

/** The rows beyond the summary that one projection writes (they replace the arrangement's earlier rows). */
export interface ProjectionDetails {
  obligations: ObligationRow[];
  decisions: DecisionRow[];
  versions: TermsVersion[];
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** The obligations of `state` as read-model rows, with the reminder steps already sent for each. */
export function obligationRowsOf(state: ArrangementState): ObligationRow[] {
  const sent = new Set(state.sentNotificationKeys);
  const days = daysOf(state);
  const everyPartner = state.terms.partners.map((p) => p.id);
  return state.obligations.map((o) => {
    const steps = reminderStepsFor(o, state.policy, days);
    const leadDays = leadDaysOf(steps);
    const remindersSent = steps
      .map((step) => ({ step, key: reminderKey(state.ref, o.id, step.step) }))
      .filter(({ key }) => sent.has(key))
      .map(({ step, key }) => ({ step: step.step, key, recipients: resolveRecipients(state.terms, step.recipients, o) }));
    const ownerIds =
      o.responsibleRole === 'regionalOffice' ? [] : o.responsiblePartnerIds.length > 0 ? o.responsiblePartnerIds : everyPartner;
    return {
      obligationId: o.id,
      kind: o.kind,
      title: o.title,
      dueDate: o.dueDate,
      dueAt: iso(o.dueAt),
      status: o.status,
      responsibleRole: o.responsibleRole,
      ownerIds,
      citation: o.citation,
      ...(leadDays !== undefined ? { leadDays } : {}),
      createdAt: iso(o.createdAt),
      ...(o.doneAt !== undefined ? { doneAt: iso(o.doneAt) } : {}),
      ...(o.cancelledAt !== undefined ? { cancelledAt: iso(o.cancelledAt) } : {}),
      remindersSent,
      ...(o.clockStoppedOn !== undefined ? { clockStoppedOn: o.clockStoppedOn } : {}),
    };
  });
}

/** Audit actions by which the Regional Office answers a notification (HSC 2000/010 paras 1, 11 [V]). */
const REGIONAL_OFFICE_ANSWERS = ['acknowledgeReceipt', 'approve', 'refuse'];

/**
 * Each notification to the Regional Office and its answer, from the audit trail: a `submitNotification`
 * opens a round, and the Regional Office's first answer after it closes the round. An acknowledgement
 * of a variation (no round open) is not a notification's answer.
 */
export function decisionRowsOf(audit: readonly AuditEntry[]): DecisionRow[] {
  const rows: DecisionRow[] = [];
  let open: DecisionRow | undefined;
  for (const entry of audit) {
    if (entry.action === 'submitNotification') {
      open = { round: rows.length + 1, notifiedAt: iso(entry.at) };
      rows.push(open);
    } else if (open && REGIONAL_OFFICE_ANSWERS.includes(entry.action)) {
      Object.assign(open, {
        decidedAt: iso(entry.at),
        outcome: entry.action,
        decidedBy: entry.actorId,
        ...(entry.reason !== undefined ? { reason: entry.reason } : {}),
      });
      open = undefined;
    }
  }
  return rows;
}

/** Every row the read model holds for `state` beyond its summary. */
export function projectionDetailsOf(state: ArrangementState): ProjectionDetails {
  return { obligations: obligationRowsOf(state), decisions: decisionRowsOf(state.audit), versions: termsVersions(state) };
}

/**
 * True when an open obligation falls within `list` (§13.1, inferred): a partner officer's list holds
 * what its organisation owes (`ownerIds`), never the Regional Office's own duties, which name no
 * owner; a Regional Office's every obligation of its region's arrangements (it oversees them); an
 * administrator's all. `store/read-model-queries.ts` applies the same rule in SQL.
 */
export function isObligationInListScope(list: ListScope, obligation: { ownerIds: readonly string[]; region: string }): boolean {
  if ('partnerId' in list) return obligation.ownerIds.includes(list.partnerId);
  return isInListScope(list, { partnerIds: [], region: obligation.region });
}
