import { daysOf } from '../days';
import type { Actor } from '../actors';
import type { ArrangementState } from '../arrangement-state';
import { isBefore } from '../calendar';
import { CITATIONS } from '../citations';
import { PARTNER_ROLES, RO_ROLES, type CommandSpec } from '../command-spec';
import { whyTermsAreIneligible, whyTermsFailExclusionCheck } from '../eligibility';
import { notificationKeys } from '../notifications';
import { obligationVariationId } from '../obligation-ids';
import { withObligation, withObligationsCancelled } from '../obligations';
import { withAudit, withEventNotification, withState, type Outcome } from '../outcome';
import { refusal, type Refusal } from '../refusal';
import { planFinancialYear } from '../reporting';
import { VARIATION_REASON_LABELS } from '../variation';
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
    next = withState(next, { obligations: withObligation(next.state.obligations, reviewObligation(next.state), at, daysOf(next.state)) });
  if (old.endDate !== terms.endDate)
    next = withState(next, { obligations: withObligation(next.state.obligations, endObligation(next.state), at, daysOf(next.state)) });
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
    },
    ['partnerContacts', ...(variation.decidedBy === 'regionalOffice' ? (['regionalOffice'] as const) : [])],
  );
}

/** Drops a pending variation (rejected, or a consent refused); the old terms simply stay in force. */
export function dropVariation(outcome: Outcome, actor: Actor, at: number, why: 'rejected' | 'consentRefused', reason?: string): Outcome {
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
      summary: `Variation ${variation.id} was ${why === 'rejected' ? 'rejected' : 'stopped because a required consent was refused'}. The existing terms (version ${state.version}) stay in force.`,
      citation: why === 'rejected' ? CITATIONS.variation : CITATIONS.trustConsent,
      ...(reason ? { reasons: reason } : {}),
    },
    ['partnerContacts'],
  );
}

/** Proposes new terms while active (EN 239 [V]); the start date is fixed and only one variation may be pending. */
export const proposeVariation: CommandSpec<'proposeVariation'> = {
  allowedIn: (s) => s.status === 'active',
  roles: PARTNER_ROLES,
  guard: (state, command, _actor, now) => {
    if (state.variation)
      return refusal('variationAlreadyPending', `Variation ${state.variation.id} is still pending.`, CITATIONS.variation);
    if (JSON.stringify(command.terms) === JSON.stringify(state.terms))
      return refusal('variationChangesNothing', 'The proposed terms are the same as the terms in force.', CITATIONS.variation);
    if (command.terms.startDate !== state.terms.startDate)
      return refusal('startDateFixed', 'The start date of an arrangement in operation cannot be varied.', CITATIONS.variation, [
        'terms',
        'startDate',
      ]);
    if (isBefore(command.terms.endDate, daysOf(state).today(now)))
      return refusal('endDateInPast', 'The varied end date cannot be in the past.', CITATIONS.durationAndReview, ['terms', 'endDate']);
    return whyTermsAreIneligible(command.terms, now, state.policy)[0];
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
