import { daysOf } from '../days';
import { SYSTEM_ACTOR, type Actor } from '../actors';
import { PRE_ACTIVE_STATUSES, type ArrangementState, type TerminationRecord } from '../arrangement-state';
import { addDays, earliestDate, financialYearOf, type DateString } from '../calendar';
import { CITATIONS } from '../citations';
import { PARTNER_ROLES, RO_ROLES, type CommandSpec, type TimeEvent } from '../command-spec';
import { notificationKeys } from '../notifications';
import { durationEndId, obligationVariationId, windUpObligationId } from '../obligation-ids';
import { withObligation, withObligationDone, withObligationsCancelled } from '../obligations';
import { withAudit, withEventNotification, withState, type Outcome } from '../outcome';
import { planFinancialYear } from '../reporting';
import { windUpObligations } from '../wind-up';
import { liabilityNoteFor } from './agreement';
import { refusal } from '../refusal';
import { markDone, obligationOpen, partnerOf, reasonRequired, whyActingPartnerIsRefused } from './common';

// Stage 7: ending (§11): notice, withdrawal of approval, expiry at the end date, termination at review,
// the wind-up items, closure; and abandoning a proposal before it starts.

const WHY_ENDING: Record<TerminationRecord['cause'], string> = {
  notice: 'a partner gave notice',
  withdrawal: 'the Regional Office withdrew its approval',
  expiry: 'its agreed duration has ended',
  review: 'the partners decided at review to end it',
};

/**
 * Enters `terminating` (§11, §13.3): cancels a pending variation, the review and reporting periods that end
 * on or after the termination date (the final wind-up items cover them), and opens the wind-up items.
 */
export function enterTerminating(
  outcome: Outcome,
  cause: TerminationRecord['cause'],
  terminationDate: DateString,
  actor: Actor,
  at: number,
  extra: { reason?: string; byPartnerId?: string } = {},
): Outcome {
  let next = outcome;
  // Plan any financial year that the notice period reaches, so earlier complete periods are still reported.
  for (
    let fy = Math.max(...next.state.reports.plannedFinancialYears, financialYearOf(next.state.terms.startDate));
    fy <= financialYearOf(terminationDate);
    fy += 1
  ) {
    if (!next.state.reports.plannedFinancialYears.includes(fy)) next = planFinancialYear(next, fy, at);
  }
  const { state } = next;
  let obligations = withObligationsCancelled(
    state.obligations,
    (o) =>
      obligationVariationId(o) !== undefined || o.kind === 'reviewDate' || (o.periodEnd !== undefined && o.periodEnd >= terminationDate),
    at,
  );
  const endId = durationEndId(state.terms.endDate);
  obligations =
    cause === 'expiry' ? withObligationDone(obligations, endId, at) : withObligationsCancelled(obligations, (o) => o.id === endId, at);
  for (const o of windUpObligations(state.terms, state.policy, terminationDate))
    obligations = withObligation(obligations, o, at, daysOf(state));
  const windUpDue = addDays(terminationDate, state.policy.windUpDays);
  const termination: TerminationRecord = { cause, terminationDate, startedAt: at, byActorId: actor.id, ...extra };
  const liabilityNote = state.liabilityNote ?? liabilityNoteFor(state, at);
  const after = withState(next, {
    status: 'terminating',
    termination,
    variation: undefined,
    review: undefined,
    obligations,
    liabilityNote: liabilityNote ? { ...liabilityNote, periodTo: terminationDate } : undefined,
  });
  const audited = withAudit(after, actor, cause === 'expiry' ? 'durationExpired' : 'terminationStarted', at, {
    ...(extra.reason ? { reason: extra.reason } : {}),
    details: { cause, terminationDate },
  });
  const withdrawal = cause === 'withdrawal';
  // Who withdrew: the Regional Office, or an administrator acting for the service (issue 15 §1).
  const withdrawnBy = withdrawal ? (actor.role === 'administrator' ? 'administrator' : 'regionalOffice') : undefined;
  return withEventNotification(
    audited,
    {
      key: notificationKeys.ending(state.ref, withdrawal, state.version),
      kind: withdrawal ? 'withdrawal' : 'notice',
      subject: `Arrangement ${state.ref} is ending on ${terminationDate}`,
      summary:
        `Arrangement ${state.ref} is ending because ${withdrawnBy === 'administrator' ? 'an administrator withdrew the approval' : WHY_ENDING[cause]}. It remains in force until ${terminationDate}. ` +
        `Wind-up items (final reports, staff, ${state.terms.pooledFund ? 'pool surplus or deficit, ' : ''}liability note) are due by ${windUpDue}. ` +
        'Each delegating body stays liable for its delegated functions.',
      dueDate: windUpDue,
      citation: withdrawal ? CITATIONS.approval : cause === 'expiry' ? CITATIONS.durationAndReview : CITATIONS.termination,
      ...(extra.reason ? { reasons: extra.reason } : {}),
      message: 'ending',
      deadlineId: 'windUp',
      facts: {
        cause,
        ...(withdrawnBy ? { withdrawnBy } : {}),
        terminationDate,
        pooledFund: state.terms.pooledFund !== undefined,
        ...(extra.byPartnerId
          ? { byPartner: state.terms.partners.find((p) => p.id === extra.byPartnerId)?.name ?? extra.byPartnerId }
          : {}),
      },
    },
    ['partnerContacts', 'chiefOfficers', 'regionalOffice'],
  );
}

/**
 * The instant an arrangement stops being in force: the end of its termination date, which is the
 * last day in force (reg 7(3)(f), 9(3)(f): duration), so midnight at the start of the day after.
 */
export function outOfForceAt(state: ArrangementState, terminationDate: DateString): number {
  return daysOf(state).startOf(addDays(terminationDate, 1));
}

/** Closes a terminating arrangement once every wind-up item is done and the termination date has passed. */
function closeIfWoundUp(outcome: Outcome, at: number): Outcome {
  const { state } = outcome;
  if (state.status !== 'terminating' || !state.termination) return outcome;
  if (at < outOfForceAt(state, state.termination.terminationDate)) return outcome;
  const windUp = state.obligations.filter((o) => o.kind === 'windUp');
  if (windUp.length === 0 || windUp.some((o) => o.status === 'open')) return outcome;
  const leftOpen = state.obligations.filter((o) => o.status === 'open').map((o) => o.id);
  // Anything still open is cancelled so reminders stop; the audit entry names it.
  const obligations = withObligationsCancelled(state.obligations, () => true, at);
  return withAudit(withState(outcome, { status: 'closed', closedAt: at, obligations }), SYSTEM_ACTOR, 'windUpComplete', at, {
    details: { cancelledObligations: leftOpen },
  });
}

/** A partner gives notice under the agreement's termination clause; it ends after the notice period or at the end date. */
export const giveNotice: CommandSpec<'giveNotice'> = {
  allowedIn: (s) => s.status === 'active',
  roles: PARTNER_ROLES,
  guard: (state, command, actor) => whyActingPartnerIsRefused(state, actor, command.partnerId),
  apply: (outcome, command, actor, now) => {
    const { state } = outcome;
    // The notice period comes from the agreement's termination clause (reg 7(3)(f), 9(3)(f) [V]).
    const date = earliestDate(state.terms.endDate, addDays(daysOf(state).today(now), state.terms.terminationNoticeDays));
    const byPartnerId = partnerOf(state, actor, command.partnerId);
    return enterTerminating(outcome, 'notice', date, actor, now, { byPartnerId, ...(command.reason ? { reason: command.reason } : {}) });
  },
};

/** The Regional Office withdraws its approval with reasons (approval gate only); the arrangement ends today. */
export const withdrawApproval: CommandSpec<'withdrawApproval'> = {
  allowedIn: (s) => s.status === 'active',
  roles: [...RO_ROLES, 'administrator'],
  guard: (state, command) =>
    state.terms.regionalOfficeGate !== 'approve'
      ? refusal('wrongGateMode', 'Approval can only be withdrawn under an approval gate.', CITATIONS.approval)
      : command.reason?.trim()
        ? undefined
        : reasonRequired(CITATIONS.approval),
  apply: (outcome, command, actor, now) => {
    const ro = outcome.state.regionalOffice ?? { mode: outcome.state.terms.regionalOfficeGate, informationRequests: [] };
    const next = withState(outcome, {
      regionalOffice: { ...ro, outcome: 'withdrawn', decidedAt: now, decidedByActorId: actor.id, reasons: command.reason },
    });
    return enterTerminating(next, 'withdrawal', daysOf(next.state).today(now), actor, now, { reason: command.reason });
  },
};

/** Completes one open wind-up item; the last one closes the arrangement once it is out of force. */
export const completeWindUpItem: CommandSpec<'completeWindUpItem'> = {
  allowedIn: (s) => s.status === 'terminating',
  roles: PARTNER_ROLES,
  guard: (state, command) => obligationOpen(state, windUpObligationId(command.itemId), 'wind-up item'),
  apply: (outcome, command, _actor, now) => {
    let next = markDone(outcome, windUpObligationId(command.itemId), now);
    if (command.itemId === 'liabilityNote' && next.state.liabilityNote) {
      next = withState(next, {
        liabilityNote: { ...next.state.liabilityNote, periodTo: next.state.termination?.terminationDate ?? daysOf(next.state).today(now) },
      });
    }
    return closeIfWoundUp(next, now);
  },
};

/** Abandons a proposal before it becomes active; every open obligation is cancelled. */
export const abandon: CommandSpec<'abandon'> = {
  allowedIn: (s) => PRE_ACTIVE_STATUSES.includes(s.status),
  roles: PARTNER_ROLES,
  apply: (outcome, _command, _actor, now) =>
    withState(outcome, { status: 'abandoned', obligations: withObligationsCancelled(outcome.state.obligations, () => true, now) }),
};

/** The end date of an active arrangement (expiry), and closure once wound up and out of force. */
export function endingEvents(state: ArrangementState): TimeEvent[] {
  const events: TimeEvent[] = [];
  if (state.status === 'active') {
    const end = daysOf(state).startOf(state.terms.endDate);
    events.push({ at: end, order: 4, apply: (o) => enterTerminating(o, 'expiry', state.terms.endDate, SYSTEM_ACTOR, end) });
  }
  if (state.status === 'terminating' && state.termination) {
    const windUp = state.obligations.filter((o) => o.kind === 'windUp');
    if (windUp.length > 0 && windUp.every((o) => o.status !== 'open')) {
      const at = outOfForceAt(state, state.termination.terminationDate);
      events.push({ at, order: 5, apply: (o) => closeIfWoundUp(o, Math.max(at, o.state.updatedAt)) });
    }
  }
  return events;
}
