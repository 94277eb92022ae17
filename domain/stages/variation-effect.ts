import { daysOf } from '../days';
import type { Actor } from '../actors';
import type { ArrangementState } from '../arrangement-state';
import { financialYearOf, financialYearStart, isBefore, quarterOf, quarterStart, type DateString } from '../calendar';
import { CITATIONS } from '../citations';
import { notificationKeys } from '../notifications';
import { withObligation, withObligationsCancelled, type Obligation } from '../obligations';
import { withAudit, withEventNotification, withState, type Outcome } from '../outcome';
import { refusal, type Refusal } from '../refusal';
import { financialYearObligations, planFinancialYear } from '../reporting';
import { VARIATION_REASON_LABELS } from '../variation';
import { versionsWithVariation } from '../lineage';
import { liabilityNoteFor } from './agreement';
import { endObligation, reviewObligation } from './running';

// A pending variation becomes ready for its decision, and takes effect (EN 239 [V]): new terms, a new
// version, and the obligations re-planned from them.

/** True when a pending variation's consultation (if any) is closed and every consent it needs is granted. */
export function variationIsReady(state: ArrangementState): boolean {
  const v = state.variation;
  return !!v && (v.consultation === undefined || v.consultation.closedAt !== undefined) && v.consents.every((c) => c.status === 'granted');
}

/** The refusal of a decision on a variation that still awaits its consultation or consents. */
export const variationNotReady = (): Refusal =>
  refusal('variationNotReady', 'The variation still awaits its consultation or consents.', CITATIONS.variationConsultation);
/** The variation takes effect: new terms, new version, re-planned review, end and reporting obligations. */
export function applyVariation(outcome: Outcome, actor: Actor, at: number, how: 'approved' | 'acknowledged'): Outcome {
  const { state } = outcome;
  const variation = state.variation;
  if (!variation) return outcome;
  const old = state.terms;
  const terms = variation.terms;
  const fromEffectiveDate = state.variationRederivation === 'fromEffectiveDate';
  const obligations = withObligationsCancelled(
    state.obligations,
    (o) =>
      (o.kind === 'reviewDate' && o.dueDate !== terms.reviewDate && !state.review) ||
      (o.kind === 'durationEnd' && o.dueDate !== terms.endDate) ||
      // A pool removed by the variation takes its future returns with it.
      (!fromEffectiveDate && !terms.pooledFund && (o.kind === 'annualReturn' || o.kind === 'auditCertification') && o.dueAt > at),
    at,
  );
  const versions = versionsWithVariation(state, daysOf(state).today(at));
  let next = withState(outcome, { terms, version: state.version + 1, variation: undefined, obligations, versions });
  if (!state.review && old.reviewDate !== terms.reviewDate)
    next = withState(next, { obligations: withObligation(next.state.obligations, reviewObligation(next.state), at, daysOf(next.state)) });
  if (old.endDate !== terms.endDate)
    next = withState(next, { obligations: withObligation(next.state.obligations, endObligation(next.state), at, daysOf(next.state)) });
  if (fromEffectiveDate) next = withState(next, { obligations: rederivedReporting(next.state, daysOf(state).today(at), at) });
  else for (const fy of next.state.reports.plannedFinancialYears) next = planFinancialYear(next, fy, at);
  const note = liabilityNoteFor(next.state, at);
  if (note && next.state.liabilityNote)
    note.statements = [
      ...next.state.liabilityNote.statements,
      ...note.statements.filter((s) => !next.state.liabilityNote?.statements.some((o) => o.text === s.text)),
    ];
  if (note) note.periodFrom = next.state.liabilityNote?.periodFrom ?? note.periodFrom;
  next = withState(next, { liabilityNote: note });
  next = withAudit(next, actor, 'variationTookEffect', at, { details: { variationId: variation.id, how, version: next.state.version } });
  return withEventNotification(
    next,
    {
      key: notificationKeys.variationTookEffect(state.ref, variation.id),
      kind: 'variation',
      subject: `Variation ${variation.id} to ${state.ref} has taken effect`,
      summary:
        `The ${variation.classification.materiality} variation ${variation.id} was ${how} and is now in force as agreement version ${next.state.version}. ` +
        (variation.classification.reasons.length > 0
          ? `It changes: ${variation.classification.reasons.map((r) => VARIATION_REASON_LABELS[r]).join('; ')}.`
          : ''),
      citation: CITATIONS.variation,
      message: 'variationTookEffect',
      facts: {
        variationId: variation.id,
        materiality: variation.classification.materiality,
        how,
        version: next.state.version,
        changes: variation.classification.reasons.map((r) => VARIATION_REASON_LABELS[r]),
      },
    },
    ['partnerContacts', ...(variation.decidedBy === 'regionalOffice' ? (['regionalOffice'] as const) : [])],
  );
}

/**
 * The reporting obligations once varied terms take effect on `effectiveDate` (issue 12 §1; §8, §13.4
 * inferred). Every planned financial year's obligations under the varied terms are added for the
 * periods that end on or after the effective date; open ones the varied terms no longer call for are
 * cancelled for the periods that begin on or after it (their reminders go with them, as reminders
 * follow open obligations). A period that ended before the effective date was governed by the old
 * terms alone, and one that straddles it by both: nothing of theirs is cancelled, and nothing is created
 * for the former. What was met stays met (obligations are keyed by id and never reopened).
 */
export function rederivedReporting(state: ArrangementState, effectiveDate: DateString, at: number): Obligation[] {
  const fromVariedTerms = state.reports.plannedFinancialYears
    .flatMap((fy) => financialYearObligations(state.terms, state.policy, fy))
    .filter((o) => o.periodEnd !== undefined && !isBefore(o.periodEnd, effectiveDate));
  const wanted = new Set(fromVariedTerms.map((o) => o.id));
  const startsFromEffectiveDate = (o: Obligation) => {
    const start = reportingPeriodStart(o);
    return start !== undefined && !isBefore(start, effectiveDate);
  };
  let obligations = withObligationsCancelled(state.obligations, (o) => startsFromEffectiveDate(o) && !wanted.has(o.id), at);
  for (const o of fromVariedTerms) obligations = withObligation(obligations, o, at, daysOf(state));
  return obligations;
}

/** First day of the period a reporting obligation reports on (a quarter, or a financial year); undefined for other kinds. */
function reportingPeriodStart(o: Obligation): DateString | undefined {
  if (o.periodEnd === undefined) return undefined;
  if (o.kind === 'quarterlyReport') return quarterStart(quarterOf(o.periodEnd));
  if (o.kind === 'annualReport' || o.kind === 'annualReturn' || o.kind === 'auditCertification')
    return financialYearStart(financialYearOf(o.periodEnd));
  return undefined;
}
