import { daysOf } from '../days';
import { SYSTEM_ACTOR } from '../actors';
import type { ArrangementState } from '../arrangement-state';
import {
  addDays,
  earliestDate,
  financialYearEnd,
  financialYearOf,
  financialYearStart,
  parseQuarterLabel,
  isAfter,
  isBefore,
  quarterEnd,
} from '../calendar';
import { CITATIONS } from '../citations';
import { PARTNER_ROLES, type CommandSpec, type TimeEvent } from '../command-spec';
import { annualReportId, annualReturnId, auditCertificationId, durationEndId, quarterlyReportId, reviewDateId } from '../obligation-ids';
import { withObligation, withObligationDone, type NewObligation } from '../obligations';
import { withAudit, withState, type Outcome } from '../outcome';
import { refusal } from '../refusal';
import { planFinancialYear } from '../reporting';
import { markDone, obligationOpen, periodEnded } from './common';
import { enterTerminating } from './ending';

// Stage 5: the running years. The start date activates a ready arrangement; each financial year brings
// its reports (reg 9(4) [V]; HSC 2000/010 para 5 [V]); the review date opens a review (reg 7(3)(f) [V]).

const inForce = (s: ArrangementState): boolean => s.status === 'active' || s.status === 'terminating';

/** The review obligation of the terms in force (reg 7(3)(f), 9(3)(f) [V]). */
export function reviewObligation(state: ArrangementState): NewObligation {
  return {
    id: reviewDateId(state.terms.reviewDate),
    kind: 'reviewDate',
    title: `Review of the arrangement due ${state.terms.reviewDate}`,
    dueDate: state.terms.reviewDate,
    responsibleRole: 'allPartners',
    responsiblePartnerIds: state.terms.partners.map((p) => p.id),
    citation: CITATIONS.review,
  };
}

/** The end of the agreed duration of the terms in force (reg 7(3)(f), 9(3)(f) [V]). */
export function endObligation(state: ArrangementState): NewObligation {
  return {
    id: durationEndId(state.terms.endDate),
    kind: 'durationEnd',
    title: `End of the agreed duration on ${state.terms.endDate}`,
    dueDate: state.terms.endDate,
    responsibleRole: 'allPartners',
    responsiblePartnerIds: state.terms.partners.map((p) => p.id),
    citation: CITATIONS.durationAndReview,
  };
}

/** Start date reached with the RO gate passed: the arrangement becomes active and its obligations start (§13.3). */
function activate(outcome: Outcome, at: number): Outcome {
  const { state } = outcome;
  let obligations = withObligation(state.obligations, reviewObligation(state), at, daysOf(state));
  obligations = withObligation(obligations, endObligation(state), at, daysOf(state));
  const next = withAudit(withState(outcome, { status: 'active', activatedAt: at, obligations }), SYSTEM_ACTOR, 'startDateReached', at);
  return planFinancialYear(next, financialYearOf(state.terms.startDate), at);
}

/** Review date reached: the active arrangement is under review until completeReview. */
function openReview(outcome: Outcome, at: number): Outcome {
  const dueDate = outcome.state.terms.reviewDate;
  return withAudit(withState(outcome, { review: { dueDate, openedAt: at } }), SYSTEM_ACTOR, 'reviewDateReached', at);
}

/** Files the quarterly report of a period that has ended (reg 9(4) [V]). */
export const fileQuarterlyReport: CommandSpec<'fileQuarterlyReport'> = {
  allowedIn: inForce,
  roles: PARTNER_ROLES,
  guard: (state, command, _actor, now) => {
    const q = parseQuarterLabel(command.period);
    if (!q) return refusal('invalidPeriod', `${command.period} is not a quarter such as 2001Q2.`, CITATIONS.quarterlyReport, ['period']);
    return obligationOpen(state, quarterlyReportId(command.period), 'quarterly report') ?? periodEnded(quarterEnd(q), now, daysOf(state));
  },
  apply: (outcome, command, _actor, now) => markDone(outcome, quarterlyReportId(command.period), now),
};

/** Filing a financial year's document once the year has ended (`idOf` its obligation id, `what` names it). */
function yearEndFiling<T extends 'fileAnnualReport' | 'submitAnnualReturn'>(
  idOf: (financialYear: number) => string,
  what: string,
): CommandSpec<T> {
  return {
    allowedIn: inForce,
    roles: PARTNER_ROLES,
    guard: (state, command, _actor, now) =>
      obligationOpen(state, idOf(command.financialYear), what) ?? periodEnded(financialYearEnd(command.financialYear), now, daysOf(state)),
    apply: (outcome, command, _actor, now) => markDone(outcome, idOf(command.financialYear), now),
  };
}

/** Files the annual report of a financial year that has ended (reg 9(4) [V]). */
export const fileAnnualReport = yearEndFiling<'fileAnnualReport'>(annualReportId, 'annual report');

/** Submits the pooled fund's annual return of a financial year that has ended (HSC 2000/010 para 5 [V]). */
export const submitAnnualReturn = yearEndFiling<'submitAnnualReturn'>(annualReturnId, 'annual return');

/** Records the auditor's certification of a submitted annual return (HSC 2000/010 para 5 [V]). */
export const certifyAudit: CommandSpec<'certifyAudit'> = {
  allowedIn: inForce,
  roles: PARTNER_ROLES,
  guard: (state, command) =>
    obligationOpen(state, auditCertificationId(command.financialYear), 'audit certification') ??
    (state.obligations.some((o) => o.id === annualReturnId(command.financialYear) && o.status === 'done')
      ? undefined
      : refusal('annualReturnNotSubmitted', 'The annual return must be submitted before it is certified.', CITATIONS.auditCertification)),
  apply: (outcome, command, _actor, now) => markDone(outcome, auditCertificationId(command.financialYear), now),
};

/** Completes an open review: continue with a next review date before the end date, or terminate on notice. */
export const completeReview: CommandSpec<'completeReview'> = {
  allowedIn: (s) => s.status === 'active' && s.review !== undefined,
  roles: PARTNER_ROLES,
  guard: (state, command, _actor, now) => {
    if (command.outcome === 'terminate') return undefined;
    const next = command.nextReviewDate;
    if (!next)
      return refusal('nextReviewDateRequired', 'Give the next review date when the arrangement continues.', CITATIONS.review, [
        'nextReviewDate',
      ]);
    if (!isAfter(next, daysOf(state).today(now)))
      return refusal('nextReviewDateInPast', 'The next review date must be in the future.', CITATIONS.review, ['nextReviewDate']);
    if (!isBefore(next, state.terms.endDate))
      return refusal(
        'reviewNotBeforeEnd',
        'The next review date must be before the end date; vary the end date first to extend.',
        CITATIONS.durationAndReview,
        ['nextReviewDate'],
      );
    return undefined;
  },
  apply: (outcome, command, actor, now) => {
    const { state } = outcome;
    const done = withState(outcome, {
      review: undefined,
      obligations: withObligationDone(state.obligations, reviewDateId(state.terms.reviewDate), now),
    });
    if (command.outcome === 'terminate') {
      const date = earliestDate(state.terms.endDate, addDays(daysOf(state).today(now), state.terms.terminationNoticeDays));
      return enterTerminating(done, 'review', date, actor, now, command.reason ? { reason: command.reason } : {});
    }
    const terms = { ...state.terms, reviewDate: command.nextReviewDate ?? state.terms.reviewDate };
    const next = withState(done, { terms });
    return withState(next, { obligations: withObligation(next.state.obligations, reviewObligation(next.state), now, daysOf(next.state)) });
  },
};

/** The start date (ready: activation), each financial year's start (its reports) and the review date. */
export function runningEvents(state: ArrangementState): TimeEvent[] {
  const events: TimeEvent[] = [];
  if (state.status === 'ready') {
    const at = daysOf(state).startOf(state.terms.startDate);
    events.push({ at, order: 1, apply: (o) => activate(o, at) });
  }
  if (state.status !== 'active') return events;
  const nextYear = Math.max(...state.reports.plannedFinancialYears) + 1;
  const yearStart = financialYearStart(nextYear);
  if (Number.isFinite(nextYear) && !isAfter(yearStart, state.terms.endDate)) {
    const at = daysOf(state).startOf(yearStart);
    const details = { financialYear: nextYear };
    events.push({
      at,
      order: 2,
      apply: (o) => withAudit(planFinancialYear(o, nextYear, at), SYSTEM_ACTOR, 'financialYearStarted', at, { details }),
    });
  }
  const reviewOpen = state.obligations.some((o) => o.id === reviewDateId(state.terms.reviewDate) && o.status === 'open');
  if (!state.review && reviewOpen) {
    const at = daysOf(state).startOf(state.terms.reviewDate);
    events.push({ at, order: 3, apply: (o) => openReview(o, at) });
  }
  return events;
}
