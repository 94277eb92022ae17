import { isFinished, type ArrangementState } from './arrangement-state';
import { addDays } from './calendar';
import { daysOf, type Days } from './days';
import { CITATIONS } from './citations';
import { reminderKey, resolveRecipients, type Notification } from './notifications';
import type { Obligation, ObligationKind } from './obligations';
import type { ArrangementPolicy, LadderStep } from './policy';

/** One scheduled reminder for one obligation. */
export interface ReminderStep extends LadderStep {
  /** The instant the reminder is due: the start of the day `offsetDays` from the due date. */
  at: number;
}

/**
 * The reminder steps of an obligation (§13.4, inferred). Most use the whole ladder; the review date adds
 * its own early reminders; consultation close and duration end happen by themselves, so they only get
 * the steps before the due date.
 */
export function reminderStepsFor(obligation: Obligation, policy: ArrangementPolicy, days: Days): ReminderStep[] {
  const ladder = policy.reminderLadder;
  const early = (prefix: string, offsets: number[]): LadderStep[] =>
    offsets.map((offsetDays) => ({ step: `${prefix}${offsetDays}`, offsetDays, kind: 'reminder', recipients: ['responsible'] }));
  let steps: LadderStep[];
  if (obligation.kind === 'reviewDate')
    steps = [...early('RV', policy.reviewReminderOffsetsDays), ...ladder.filter((s) => s.offsetDays >= 0)];
  else if (obligation.kind === 'durationEnd') steps = early('END', policy.endReminderOffsetsDays);
  else if (obligation.kind === 'consultationClose') steps = ladder.filter((s) => s.offsetDays < 0);
  else steps = ladder;
  return steps.map((s) => ({ ...s, at: days.startOf(addDays(obligation.dueDate, s.offsetDays)) })).sort((a, b) => a.at - b.at);
}

/** True when a step should ever be sent: reminders meant for before the obligation existed are skipped. */
function isLive(obligation: Obligation, step: ReminderStep): boolean {
  return !(step.offsetDays < 0 && step.at < obligation.createdAt);
}

/** Open obligations' unsent, live reminder steps, earliest first (ties by obligation id). */
export function pendingReminders(state: ArrangementState): { obligation: Obligation; step: ReminderStep; key: string }[] {
  const out: { obligation: Obligation; step: ReminderStep; key: string }[] = [];
  // A Set, not Array.includes: a long-lived arrangement has sent hundreds of keys, and this runs on every tick.
  const sent = new Set(state.sentNotificationKeys);
  for (const obligation of state.obligations) {
    // A stopped clock sends nothing: its due date moves when the clock restarts.
    if (obligation.status !== 'open' || obligation.clockStoppedOn !== undefined) continue;
    for (const step of reminderStepsFor(obligation, state.policy, daysOf(state))) {
      const key = reminderKey(state.ref, obligation.id, step.step);
      if (isLive(obligation, step) && !sent.has(key)) out.push({ obligation, step, key });
    }
  }
  return out.sort((a, b) => a.step.at - b.step.at || a.obligation.id.localeCompare(b.obligation.id));
}

// The short form kept in `summary` (the audit trail and lists); the emails' words are in templates/email.
const WHAT_TO_DO: Record<ObligationKind, string> = {
  consultationClose: 'Make sure every consultee group has responded; the consultation closes on this date.',
  haConsent: "Obtain the Health Authority's consent and record it on the arrangement's page.",
  notifyBeforeStart: "Send the notification to the Regional Office from the arrangement's page.",
  roResponse: 'The Regional Office should acknowledge or decide on the notification.',
  quarterlyReport: "File the quarterly report on the arrangement's page.",
  annualReport: "File the annual report on the arrangement's page.",
  annualReturn: "Send the pooled fund's annual return to the auditor and record it on the arrangement's page.",
  auditCertification: "Record the auditor's certificate on the arrangement's page.",
  reviewDate: "Review the arrangement and record the outcome on the arrangement's page.",
  durationEnd: 'The arrangement ends on this date unless the partners agree an extension as a variation.',
  windUp: "Complete this wind-up item and record it on the arrangement's page.",
};

/** What to do about an obligation of this kind, in a sentence a person uses (calendar events, the audit summary). */
export function whatToDoAbout(kind: ObligationKind): string {
  return WHAT_TO_DO[kind];
}

/**
 * Days before a due date that preparing starts: the earliest reminder before it (14 with the default
 * ladder), or undefined when no step comes before the due date. Calendars set their alarm by it.
 */
export function leadDaysOf(steps: readonly { offsetDays: number }[]): number | undefined {
  const before = steps.filter((s) => s.offsetDays < 0).map((s) => -s.offsetDays);
  return before.length > 0 ? Math.max(...before) : undefined;
}

/** Builds the reminder notification for one ladder step of one obligation. */
export function reminderNotification(state: ArrangementState, obligation: Obligation, step: ReminderStep, key: string): Notification {
  const when = step.kind === 'dueToday' ? 'is due today' : step.kind === 'overdue' ? 'is overdue' : `is due on ${obligation.dueDate}`;
  const leadDays = leadDaysOf(reminderStepsFor(obligation, state.policy, daysOf(state)));
  const prefix = step.kind === 'overdue' ? 'Overdue' : step.kind === 'dueToday' ? 'Due today' : 'Reminder';
  return {
    key,
    kind: step.kind,
    arrangementRef: state.ref,
    subject: `${prefix}: ${obligation.title} (${state.ref})`,
    summary: `${obligation.title} for arrangement ${state.ref} ${when}. ${WHAT_TO_DO[obligation.kind]}`,
    dueDate: obligation.dueDate,
    ladderStep: step.step,
    obligationId: obligation.id,
    recipients: resolveRecipients(state.terms, step.recipients, obligation),
    citation: `${obligation.citation}; ${CITATIONS.reminders}`,
    message: step.kind,
    partnerNames: state.terms.partners.map((p) => p.name),
    obligationKind: obligation.kind,
    deadlineId: obligation.id,
    ...(leadDays === undefined ? {} : { leadDays }),
    facts: { title: obligation.title, daysOverdue: Math.max(0, step.offsetDays) },
  };
}

/**
 * True while a notification is still worth sending (§13.4, inferred): a reminder or escalation only
 * while its obligation is open and the arrangement has not ended, so one held up by a mail outage is
 * never delivered after the duty was met, cancelled or superseded. Other notifications always are.
 */
export function isNotificationStillWanted(state: ArrangementState, notification: Notification): boolean {
  if (notification.obligationId === undefined) return true;
  if (isFinished(state)) return false;
  return state.obligations.some((o) => o.id === notification.obligationId && o.status === 'open');
}
