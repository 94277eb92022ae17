import { SYSTEM_ACTOR, type Actor } from './actors';
import type { ArrangementState, TerminationRecord } from './arrangement-state';
import { addDays, financialYearOf, toInstant, type DateString } from './calendar';
import { CITATIONS } from './citations';
import { eventKey } from './notifications';
import { withObligation, withObligationDone, withObligationsCancelled, type Obligation } from './obligations';
import { eventNotification, withAudit, withNotification, withState, type Outcome } from './outcome';
import { financialYearObligations } from './reporting';
import { liabilityNoteFor } from './transitions-setup';
import { VARIATION_REASON_LABELS } from './variation';
import { POOL_ONLY_WIND_UP_ITEMS, WIND_UP_ITEM_IDS, WIND_UP_TITLES, windUpObligationId } from './wind-up';

/** Creates one financial year's reporting obligations (idempotent by id) and records the year as planned. */
export function planFinancialYear(outcome: Outcome, financialYear: number, at: number): Outcome {
  const { state } = outcome;
  let obligations = state.obligations;
  for (const o of financialYearObligations(state.terms, state.policy, financialYear)) obligations = withObligation(obligations, o, at);
  const planned = [...new Set([...state.reports.plannedFinancialYears, financialYear])].sort((a, b) => a - b);
  return withState(outcome, { obligations, reports: { plannedFinancialYears: planned } });
}

function reviewObligation(state: ArrangementState): Parameters<typeof withObligation>[1] {
  return {
    id: `reviewDate:${state.terms.reviewDate}`,
    kind: 'reviewDate',
    title: `Review of the arrangement due ${state.terms.reviewDate}`,
    dueDate: state.terms.reviewDate,
    responsibleRole: 'allPartners',
    responsiblePartnerIds: state.terms.partners.map((p) => p.id),
    citation: CITATIONS.review,
  };
}

function endObligation(state: ArrangementState): Parameters<typeof withObligation>[1] {
  return {
    id: `durationEnd:${state.terms.endDate}`,
    kind: 'durationEnd',
    title: `End of the agreed duration on ${state.terms.endDate}`,
    dueDate: state.terms.endDate,
    responsibleRole: 'allPartners',
    responsiblePartnerIds: state.terms.partners.map((p) => p.id),
    citation: CITATIONS.durationAndReview,
  };
}

/** Start date reached with the RO gate passed: the arrangement becomes active and its obligations start (§13.3). */
export function activate(outcome: Outcome, at: number): Outcome {
  const { state } = outcome;
  let obligations = withObligation(state.obligations, reviewObligation(state), at);
  obligations = withObligation(obligations, endObligation(state), at);
  const next = withAudit(withState(outcome, { status: 'active', activatedAt: at, obligations }), SYSTEM_ACTOR, 'startDateReached', at);
  return planFinancialYear(next, financialYearOf(state.terms.startDate), at);
}

/** Review date reached: the active arrangement is under review until completeReview. */
export function openReview(outcome: Outcome, at: number): Outcome {
  const dueDate = outcome.state.terms.reviewDate;
  return withAudit(withState(outcome, { review: { dueDate, openedAt: at } }), SYSTEM_ACTOR, 'reviewDateReached', at);
}

const isVariationObligation = (o: Obligation): boolean => o.id.includes(':variation');

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
    (o) => isVariationObligation(o) || o.kind === 'reviewDate' || (o.periodEnd !== undefined && o.periodEnd >= terminationDate),
    at,
  );
  const endId = `durationEnd:${state.terms.endDate}`;
  obligations =
    cause === 'expiry' ? withObligationDone(obligations, endId, at) : withObligationsCancelled(obligations, (o) => o.id === endId, at);
  const windUpDue = addDays(terminationDate, state.policy.windUpDays);
  const hostId = state.terms.pooledFund?.hostPartnerId;
  for (const item of WIND_UP_ITEM_IDS) {
    if (!state.terms.pooledFund && POOL_ONLY_WIND_UP_ITEMS.includes(item)) continue;
    obligations = withObligation(
      obligations,
      {
        id: windUpObligationId(item),
        kind: 'windUp',
        title: WIND_UP_TITLES[item],
        dueDate: windUpDue,
        responsibleRole: POOL_ONLY_WIND_UP_ITEMS.includes(item) ? 'poolManager' : 'allPartners',
        responsiblePartnerIds: POOL_ONLY_WIND_UP_ITEMS.includes(item) && hostId ? [hostId] : state.terms.partners.map((p) => p.id),
        citation: item === 'liabilityNote' ? CITATIONS.liability : CITATIONS.windUp,
      },
      at,
    );
  }
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
  const why = {
    notice: 'a partner gave notice',
    withdrawal: 'the Regional Office withdrew its approval',
    expiry: 'its agreed duration has ended',
    review: 'the partners decided at review to end it',
  }[cause];
  return withNotification(
    audited,
    eventNotification(
      audited.state,
      {
        key: eventKey(state.ref, withdrawal ? 'withdrawal' : 'notice', state.version),
        kind: withdrawal ? 'withdrawal' : 'notice',
        subject: `Arrangement ${state.ref} is ending on ${terminationDate}`,
        summary:
          `Arrangement ${state.ref} is ending because ${why}. It remains in force until ${terminationDate}. ` +
          `Wind-up items (final reports, staff, ${state.terms.pooledFund ? 'pool surplus or deficit, ' : ''}liability note) are due by ${windUpDue}. ` +
          'Each delegating body stays liable for its delegated functions.',
        dueDate: windUpDue,
        citation: withdrawal ? CITATIONS.approval : cause === 'expiry' ? CITATIONS.durationAndReview : CITATIONS.termination,
        ...(extra.reason ? { reasons: extra.reason } : {}),
      },
      ['partnerContacts', 'chiefOfficers', 'regionalOffice'],
    ),
  );
}

/**
 * The instant an arrangement stops being in force: the end of its termination date, which is the
 * last day in force (reg 7(3)(f), 9(3)(f): duration), so 00:00 UTC of the day after.
 */
export function outOfForceAt(termination: { terminationDate: DateString }): number {
  return toInstant(addDays(termination.terminationDate, 1));
}

/** Closes a terminating arrangement once every wind-up item is done and the termination date has passed. */
export function closeIfWoundUp(outcome: Outcome, at: number): Outcome {
  const { state } = outcome;
  if (state.status !== 'terminating' || !state.termination) return outcome;
  if (at < outOfForceAt(state.termination)) return outcome;
  const windUp = state.obligations.filter((o) => o.kind === 'windUp');
  if (windUp.length === 0 || windUp.some((o) => o.status === 'open')) return outcome;
  const leftOpen = state.obligations.filter((o) => o.status === 'open').map((o) => o.id);
  // Anything still open is cancelled so reminders stop; the audit entry names it.
  const obligations = withObligationsCancelled(state.obligations, () => true, at);
  return withAudit(withState(outcome, { status: 'closed', closedAt: at, obligations }), SYSTEM_ACTOR, 'windUpComplete', at, {
    details: { cancelledObligations: leftOpen },
  });
}

/** The variation takes effect: new terms, new version, re-planned review, end and reporting obligations. */
export function applyVariation(outcome: Outcome, actor: Actor, at: number, how: 'approved' | 'acknowledged'): Outcome {
  const { state } = outcome;
  const variation = state.variation;
  if (!variation) return outcome;
  const old = state.terms;
  const terms = variation.terms;
  const obligations = withObligationsCancelled(
    state.obligations,
    (o) =>
      (o.kind === 'reviewDate' && o.dueDate !== terms.reviewDate && !state.review) ||
      (o.kind === 'durationEnd' && o.dueDate !== terms.endDate) ||
      // A pool removed by the variation takes its future returns with it.
      (!terms.pooledFund && (o.kind === 'annualReturn' || o.kind === 'auditCertification') && o.dueAt > at),
    at,
  );
  let next = withState(outcome, { terms, version: state.version + 1, variation: undefined, obligations });
  if (!state.review && old.reviewDate !== terms.reviewDate)
    next = withState(next, { obligations: withObligation(next.state.obligations, reviewObligation(next.state), at) });
  if (old.endDate !== terms.endDate)
    next = withState(next, { obligations: withObligation(next.state.obligations, endObligation(next.state), at) });
  for (const fy of next.state.reports.plannedFinancialYears) next = planFinancialYear(next, fy, at);
  const note = liabilityNoteFor(next.state, at);
  if (note && next.state.liabilityNote)
    note.statements = [
      ...next.state.liabilityNote.statements,
      ...note.statements.filter((s) => !next.state.liabilityNote?.statements.some((o) => o.text === s.text)),
    ];
  if (note) note.periodFrom = next.state.liabilityNote?.periodFrom ?? note.periodFrom;
  next = withState(next, { liabilityNote: note });
  next = withAudit(next, actor, 'variationTookEffect', at, { details: { variationId: variation.id, how, version: next.state.version } });
  return withNotification(
    next,
    eventNotification(
      next.state,
      {
        key: eventKey(state.ref, 'variationTookEffect', variation.id),
        kind: 'variation',
        subject: `Variation ${variation.id} to ${state.ref} has taken effect`,
        summary:
          `The ${variation.classification.materiality} variation ${variation.id} was ${how} and is now in force as agreement version ${next.state.version}. ` +
          (variation.classification.reasons.length > 0
            ? `It changes: ${variation.classification.reasons.map((r) => VARIATION_REASON_LABELS[r]).join('; ')}.`
            : ''),
        citation: CITATIONS.variation,
      },
      ['partnerContacts', ...(variation.decidedBy === 'regionalOffice' ? (['regionalOffice'] as const) : [])],
    ),
  );
}

/** Drops a pending variation (rejected, or a consent refused); the old terms simply stay in force. */
export function dropVariation(outcome: Outcome, actor: Actor, at: number, why: 'rejected' | 'consentRefused', reason?: string): Outcome {
  const { state } = outcome;
  const variation = state.variation;
  if (!variation) return outcome;
  const obligations = withObligationsCancelled(state.obligations, (o) => o.id.includes(`:${variation.id}`), at);
  const next = withAudit(withState(outcome, { variation: undefined, obligations }), actor, 'variationDropped', at, {
    ...(reason ? { reason } : {}),
    details: { variationId: variation.id, why },
  });
  return withNotification(
    next,
    eventNotification(
      next.state,
      {
        key: eventKey(state.ref, 'variationDropped', variation.id),
        kind: 'variation',
        subject: `Variation ${variation.id} to ${state.ref} will not take effect`,
        summary: `Variation ${variation.id} was ${why === 'rejected' ? 'rejected' : 'stopped because a required consent was refused'}. The existing terms (version ${state.version}) stay in force.`,
        citation: why === 'rejected' ? CITATIONS.variation : CITATIONS.trustConsent,
        ...(reason ? { reasons: reason } : {}),
      },
      ['partnerContacts'],
    ),
  );
}
