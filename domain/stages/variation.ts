import { daysOf } from '../days';
import type { Actor } from '../actors';
import { isBefore } from '../calendar';
import { CITATIONS } from '../citations';
import { PARTNER_ROLES, RO_ROLES, type CommandSpec } from '../command-spec';
import { whyTermsAreIneligible, whyTermsFailExclusionCheck } from '../eligibility';
import { notificationKeys } from '../notifications';
import { obligationVariationId } from '../obligation-ids';
import { withObligationsCancelled } from '../obligations';
import { withAudit, withEventNotification, withState, type Outcome } from '../outcome';
import { refusal, type Refusal } from '../refusal';
import { variationTermsOf } from '../variation';
import { diffTerms } from '../lineage';
import { reasonRequired } from './common';
import { variationIsReady, variationNotReady } from './variation-effect';
import { openVariation } from './variation-proposal';
import { answerVariation } from './variation-signing';

// Stage 6: variation while active (EN 239 [V]): proposed beside the terms in force, consulted on and
// consented to where needed, decided by the partners (minor) or the Regional Office (material).

const byPartners = (): Refusal =>
  refusal(
    'variationDecidedByPartners',
    'A minor variation is decided by the partners: a partner officer (not its proposer) or an administrator takes decideVariation.',
    CITATIONS.variation,
  );

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
    // Once the Regional Office has answered, only the partners' signatures (or a partner's rejection) remain.
    if (v.signing?.regionalOffice && (command.decision === 'approve' || actor.role === 'regionalOfficeOfficer'))
      return refusal('variationAwaitsSignatures', `Variation ${v.id} has been answered; it awaits the partners' signatures.`);
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
      ? answerVariation(outcome, actor, now, 'approved')
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
