import { daysOf } from '../days';
import type { Actor } from '../actors';
import type { ArrangementState } from '../arrangement-state';
import type { Partner } from '../partners';
import { CITATIONS } from '../citations';
import { PARTNER_ROLES, type CommandSpec } from '../command-spec';
import { notificationKeys } from '../notifications';
import { variationRoResponseId } from '../obligation-ids';
import { withObligation, withObligationDone } from '../obligations';
import { withEventNotification, withState, type Outcome } from '../outcome';
import { refusal } from '../refusal';
import { regionalOfficeResponse } from '../regional-office-clock';
import { actingPartnerId } from './common';
import { applyVariation, variationIsReady } from './variation-effect';

// A material variation amends the written agreement (EN 239 [V]; reg 7(3), 9(3) [V]): the Regional
// Office answers it within its working-day target, then every partner signs the varied agreement, and
// only the last signature makes it take effect; the terms in force stay meanwhile (issue 12 §1, §2).

/** Who signs a varied agreement: every partner to the agreement in force and every partner the variation adds. */
export function variationSignatories(state: ArrangementState): Partner[] {
  const all = [...state.terms.partners, ...(state.variation?.terms.partners ?? [])];
  return all.filter((p, i) => all.findIndex((q) => q.id === p.id) === i);
}

/** The signatories who have not yet signed the pending variation, in the terms' order. */
export function unsignedVariationPartners(state: ArrangementState): Partner[] {
  const signed = state.variation?.signing?.signatures ?? [];
  return variationSignatories(state).filter((p) => !signed.some((s) => s.partnerId === p.id));
}

/**
 * Starts the Regional Office's clock on a material variation once it is ready for its answer (its
 * consultation closed, its consents in): obligation `roResponse:<variation id>`, due by the working-day
 * target and chased and escalated like the notification's (the overdue steps reach the Regional Office's
 * named manager). Only under the working-day clock; once per variation; the Regional Office is told.
 */
export function withVariationSentToRegionalOffice(outcome: Outcome, now: number): Outcome {
  const { state } = outcome;
  const v = state.variation;
  if (state.regionalOfficeClock !== 'workingDays' || !v || v.decidedBy !== 'regionalOffice' || !variationIsReady(state)) return outcome;
  const id = variationRoResponseId(v.id);
  if (state.obligations.some((o) => o.id === id)) return outcome;
  const ask = state.terms.regionalOfficeGate === 'approve' ? 'approval' : 'acknowledgement';
  const response = regionalOfficeResponse(state, daysOf(state).today(now), {
    id,
    variationId: v.id,
    title: `Regional Office ${ask} of variation ${v.id}`,
  });
  const { dueDate } = response;
  const obligations = withObligation(state.obligations, response, now, daysOf(state));
  return withEventNotification(
    withState(outcome, { obligations }),
    {
      key: notificationKeys.variationAwaitsRegionalOffice(state.ref, v.id),
      kind: 'variation',
      subject: `Variation ${v.id} to ${state.ref} awaits your ${ask}`,
      summary: `The material variation ${v.id} to ${state.ref} is ready for the Regional Office's ${ask}. Please give it by ${dueDate}.`,
      dueDate,
      deadlineId: id,
      citation: CITATIONS.variation,
      message: 'variationAwaitsRegionalOffice',
      facts: { variationId: v.id, ask },
    },
    ['regionalOffice'],
  );
}

/**
 * The Regional Office approves or acknowledges a material variation (or the partners approve a minor
 * one): its clock stops; a variation proposed under the signing rule then awaits every partner's
 * signature (the partners are told who must sign), any other takes effect at once.
 */
export function answerVariation(outcome: Outcome, actor: Actor, now: number, how: 'approved' | 'acknowledged'): Outcome {
  const v = outcome.state.variation;
  if (!v) return outcome;
  const answered = withState(outcome, { obligations: withObligationDone(outcome.state.obligations, variationRoResponseId(v.id), now) });
  if (!v.signing) return applyVariation(answered, actor, now, how);
  const signing = { ...v.signing, regionalOffice: { outcome: how, at: now, byActorId: actor.id } };
  const next = withState(answered, { variation: { ...v, signing } });
  const { state } = next;
  return withEventNotification(
    next,
    {
      key: notificationKeys.variationAwaitsSignatures(state.ref, v.id),
      kind: 'variation',
      subject: `Variation ${v.id} to ${state.ref} awaits every partner's signature`,
      summary:
        `The Regional Office has ${how} variation ${v.id}. It amends the written agreement, so it takes effect once every partner has signed ` +
        `the varied agreement (${unsignedVariationPartners(state)
          .map((p) => p.name)
          .join(', ')}). Until then the terms in force (version ${state.version}) stay in force.`,
      citation: CITATIONS.variation,
      message: 'variationAwaitsSignatures',
      facts: { variationId: v.id, how, version: state.version, signatories: unsignedVariationPartners(state).map((p) => p.name) },
    },
    ['partnerContacts'],
  );
}

/**
 * A partner signs the varied agreement of a material variation the Regional Office has answered (EN 239 [V];
 * reg 7(3), 9(3) [V]: the written agreement binds the partners who sign it). A partner officer signs for its
 * own body; an administrator names the partner (a partner the variation adds signs this way). The last
 * signature makes the variation take effect.
 */
export const signVariation: CommandSpec<'signVariation'> = {
  allowedIn: (s) => s.status === 'active' && s.variation?.signing !== undefined,
  roles: PARTNER_ROLES,
  guard: (state, command, actor) => {
    const v = state.variation;
    if (!v?.signing) return undefined;
    if (!v.signing.regionalOffice) {
      const answer = state.terms.regionalOfficeGate === 'approve' ? 'approved' : 'acknowledged';
      return refusal('variationAwaitsRegionalOffice', `The partners sign variation ${v.id} once the Regional Office has ${answer} it.`);
    }
    const partnerId = signatoryOf(state, actor, command.partnerId);
    if (typeof partnerId !== 'string') return partnerId;
    return v.signing.signatures.some((s) => s.partnerId === partnerId)
      ? refusal('alreadySigned', `${partnerId} has already signed the varied agreement of ${v.id}.`, CITATIONS.variation)
      : undefined;
  },
  apply: (outcome, command, actor, now) => {
    const v = outcome.state.variation;
    const partnerId = signatoryOf(outcome.state, actor, command.partnerId);
    if (!v?.signing?.regionalOffice || typeof partnerId !== 'string') return outcome;
    const signatures = [...v.signing.signatures, { partnerId, signedAt: now, byActorId: actor.id }];
    const next = withState(outcome, { variation: { ...v, signing: { ...v.signing, signatures } } });
    return unsignedVariationPartners(next.state).length > 0 ? next : applyVariation(next, actor, now, v.signing.regionalOffice.outcome);
  },
};

/** The partner a signature is for: the actor's own body, or the one an administrator names among the signatories. */
function signatoryOf(state: ArrangementState, actor: Actor, named: string | undefined) {
  return actingPartnerId({ ...state, terms: { ...state.terms, partners: variationSignatories(state) } }, actor, named);
}
