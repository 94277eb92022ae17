import { daysOf } from '../days';
import type { Actor } from '../actors';
import type { ArrangementState } from '../arrangement-state';
import { financialYearOf, financialYearStart, isBefore, quarterOf, quarterStart, type DateString } from '../calendar';
import { CITATIONS } from '../citations';
import { PARTNER_ROLES, RO_ROLES, type CommandSpec } from '../command-spec';
import { whyTermsAreIneligible, whyTermsFailExclusionCheck } from '../eligibility';
import { notificationKeys } from '../notifications';
import { obligationVariationId } from '../obligation-ids';
import { withObligation, withObligationsCancelled, type Obligation } from '../obligations';
import { withAudit, withEventNotification, withState, type Outcome } from '../outcome';
import { refusal, type Refusal } from '../refusal';
import { financialYearObligations, planFinancialYear } from '../reporting';
import { VARIATION_REASON_LABELS, variationTermsOf } from '../variation';
import { diffTerms, versionsWithVariation } from '../lineage';
import { liabilityNoteFor } from './agreement';
import { reasonRequired } from './common';
import { endObligation, reviewObligation } from './running';
import { openVariation } from './variation-proposal';

// Stage 6: variation while active (EN 239 [V]): proposed beside the terms in force, consulted on and
// consented to where needed, decided by the partners (minor) or the Regional Office (material).

/** True when a pending variation's consultation (if any) is closed and every consent it needs is granted. */
export function variationIsReady(state: ArrangementState): boolean {
  const v = state.variation;
  return !!v && (v.consultation === undefined || v.consultation.closedAt !== undefined) && v.consents.every((c) => c.status === 'granted');
}

/** The refusal of a decision on a variation that still awaits its consultation or consents. */
export const variationNotReady = (): Refusal =>
  refusal('variationNotReady', 'The variation still awaits its consultation or consents.', CITATIONS.variationConsultation);
const byPartners = (): Refusal =>
  refusal(
    'variationDecidedByPartners',
    'A minor variation is decided by the partners: a partner officer (not its proposer) or an administrator takes decideVariation.',
    CITATIONS.variation,
  );

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

/** Drops a pending variation (rejected, or a consent refused); the old terms simply stay in force. */
export function dropVariation(
  outcome: Outcome,
  actor: Actor,
  at: number,
  why: 'rejected' | 'consentRefused' | 'withdrawn',
  reason?: string,
): Outcome {
  const { state } = outcome;
  const variation = state.variation;
  if (!variation) return outcome;
  const obligations = withObligationsCancelled(state.obligations, (o) => obligationVariationId(o) === variation.id, at);
  const next = withAudit(withState(outcome, { variation: undefined, obligations }), actor, 'variationDropped', at, {
    ...(reason ? { reason } : {}),
    details: { variationId: variation.id, why },
  });
  return withEventNotification(
    next,
    {
      key: notificationKeys.variationDropped(state.ref, variation.id),
      kind: 'variation',
      subject: `Variation ${variation.id} to ${state.ref} will not take effect`,
      summary: `Variation ${variation.id} was ${DROPPED_HOW[why]}. The existing terms (version ${state.version}) stay in force.`,
      citation: why === 'consentRefused' ? CITATIONS.trustConsent : CITATIONS.variation,
      message: 'variationDropped',
      facts: { variationId: variation.id, why, version: state.version },
      ...(reason ? { reasons: reason } : {}),
    },
    ['partnerContacts'],
  );
}

const DROPPED_HOW = {
  rejected: 'rejected',
  consentRefused: 'stopped because a required consent was refused',
  withdrawn: 'withdrawn by its proposer',
} as const;

/** Proposes new terms while active (EN 239 [V]); the start date is fixed and only one variation may be pending. */
export const proposeVariation: CommandSpec<'proposeVariation'> = {
  allowedIn: (s) => s.status === 'active',
  roles: PARTNER_ROLES,
  guard: (state, command, _actor, now) => {
    if (state.variation)
      return refusal('variationAlreadyPending', `Variation ${state.variation.id} is still pending.`, CITATIONS.variation);
    const proposed = variationTermsOf(state.terms, command);
    if (!proposed.ok) return proposed.refusal;
    const terms = proposed.terms;
    // A patch is compared field by field (the patched terms come back in the schema's key order).
    const unchanged = command.patch ? diffTerms(state.terms, terms).length === 0 : JSON.stringify(terms) === JSON.stringify(state.terms);
    if (unchanged) return refusal('variationChangesNothing', 'The proposed terms are the same as the terms in force.', CITATIONS.variation);
    if (terms.startDate !== state.terms.startDate)
      return refusal('startDateFixed', 'The start date of an arrangement in operation cannot be varied.', CITATIONS.variation, [
        'terms',
        'startDate',
      ]);
    if (isBefore(terms.endDate, daysOf(state).today(now)))
      return refusal('endDateInPast', 'The varied end date cannot be in the past.', CITATIONS.durationAndReview, ['terms', 'endDate']);
    return whyTermsAreIneligible(terms, now, state.policy)[0];
  },
  apply: openVariation,
};

/** Approves or rejects a pending variation: the partners decide a minor one, the Regional Office a material one. */
export const decideVariation: CommandSpec<'decideVariation'> = {
  allowedIn: (s) => s.status === 'active' && s.variation !== undefined,
  roles: [...PARTNER_ROLES, ...RO_ROLES],
  guard: (state, command, actor, now) => {
    const v = state.variation;
    if (!v) return undefined;
    const sameOrg =
      actor.role === 'partnerOfficer' && actor.organisationId !== undefined && actor.organisationId === v.proposedByOrganisationId;
    if (actor.id === v.proposedByActorId || sameOrg)
      return refusal('proposerCannotDecide', 'Whoever proposed a variation cannot decide it.', CITATIONS.variation);
    if (command.decision === 'reject') {
      if (!command.reason?.trim()) return reasonRequired(CITATIONS.variation);
      return actor.role === 'regionalOfficeOfficer' && v.decidedBy !== 'regionalOffice' ? byPartners() : undefined;
    }
    if (v.decidedBy === 'partners' && actor.role === 'regionalOfficeOfficer') return byPartners();
    if (v.decidedBy === 'regionalOffice') {
      if (state.terms.regionalOfficeGate === 'notifyAck')
        return refusal(
          'variationNeedsAcknowledgement',
          'A material variation takes effect when the Regional Office acknowledges it: the Regional Office takes acknowledgeReceipt, not decideVariation.',
          CITATIONS.variation,
        );
      if (actor.role !== 'regionalOfficeOfficer')
        return refusal(
          'variationDecidedByRegionalOffice',
          "A material variation needs the Regional Office's approval: the Regional Office takes decideVariation.",
          CITATIONS.variation,
        );
    }
    if (!variationIsReady(state)) return variationNotReady();
    return v.classification.needsExclusionCheck ? whyTermsFailExclusionCheck(v.terms, now, state.policy)[0] : undefined;
  },
  apply: (outcome, command, actor, now) =>
    command.decision === 'approve'
      ? applyVariation(outcome, actor, now, 'approved')
      : dropVariation(outcome, actor, now, 'rejected', command.reason),
};

/**
 * The proposer withdraws its own pending variation (issue 12 §1; §11 inferred: a proposal is the
 * proposer's until it is decided). The old terms stay in force; its consultation and consents lapse.
 */
export const withdrawVariation: CommandSpec<'withdrawVariation'> = {
  allowedIn: (s) => s.status === 'active' && s.variation !== undefined,
  roles: PARTNER_ROLES,
  guard: (state, _command, actor) => {
    const v = state.variation;
    if (!v) return undefined;
    const ownOrganisation = actor.organisationId !== undefined && actor.organisationId === v.proposedByOrganisationId;
    if (actor.id === v.proposedByActorId || ownOrganisation || actor.role === 'administrator') return undefined;
    return refusal('notTheProposer', `Only whoever proposed variation ${v.id} can withdraw it.`, CITATIONS.variation);
  },
  apply: (outcome, command, actor, now) => dropVariation(outcome, actor, now, 'withdrawn', command.reason),
};
