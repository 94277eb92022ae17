import { daysOf } from '../days';
import type { Actor } from '../actors';
import { CITATIONS } from '../citations';
import type { CommandOf } from '../commands';
import { consultationContact, openConsultation, respondByText } from '../consultation';
import { requiredTrustConsents } from '../eligibility';
import { notificationKeys } from '../notifications';
import { consultationCloseId, nthVariationId } from '../obligation-ids';
import { withObligation } from '../obligations';
import { eventNotification, withEventNotification, withNotification, withState, type Outcome } from '../outcome';
import { haConsentObligation } from './common';
import { withVariationSentToRegionalOffice } from './variation-signing';
import { classifyVariation, variationTermsOf, VARIATION_REASON_LABELS, type PendingVariation } from '../variation';

/**
 * Records a proposed variation beside the terms in force (EN 239 [V]): classifies it, opens a joint
 * consultation and asks for new HA consents where needed, and tells the partners (and the RO if material).
 */
export function openVariation(outcome: Outcome, command: CommandOf<'proposeVariation'>, actor: Actor, now: number): Outcome {
  const { state } = outcome;
  const proposed = variationTermsOf(state.terms, command);
  // The guard has refused a patch that does not make valid terms.
  if (!proposed.ok) return outcome;
  const terms = proposed.terms;
  const classification = classifyVariation(state.terms, terms);
  const id = nthVariationId(state.variationCount + 1);
  const granted = state.preconditions?.consents.filter((c) => c.status === 'granted') ?? [];
  const consents = requiredTrustConsents(terms, state.policy)
    .filter((r) => !granted.some((g) => g.trustId === r.trustId && g.healthAuthorityId === r.healthAuthorityId))
    .map((r) => ({ ...r, status: 'pending' as const }));
  const consultation = classification.needsConsultation
    ? openConsultation(
        'variation',
        terms.consultees.map((c) => c.group),
        terms.partners.map((p) => p.id),
        state.policy.consultationWeeks,
        now,
        daysOf(state),
      )
    : undefined;
  const variation: PendingVariation = {
    id,
    proposedAt: now,
    proposedByActorId: actor.id,
    ...(actor.organisationId ? { proposedByOrganisationId: actor.organisationId } : {}),
    ...(command.reason ? { reason: command.reason } : {}),
    terms: terms,
    classification,
    decidedBy: classification.materiality === 'material' ? 'regionalOffice' : 'partners',
    ...(consultation ? { consultation } : {}),
    consents,
    ...(state.materialVariationSigned && classification.materiality === 'material' ? { signing: { signatures: [] } } : {}),
  };
  let obligations = state.obligations;
  if (consultation) {
    obligations = withObligation(
      obligations,
      {
        id: consultationCloseId(id),
        variationId: id,
        kind: 'consultationClose',
        title: `Joint consultation on ${id} closes`,
        dueDate: consultation.closeDate,
        responsibleRole: 'consultationLead',
        responsiblePartnerIds: terms.partners.map((p) => p.id),
        citation: CITATIONS.variationConsultation,
      },
      now,
      daysOf(state),
    );
  }
  for (const c of consents) {
    obligations = withObligation(obligations, haConsentObligation(state, c, now, id), now, daysOf(state));
  }
  let next = withState(outcome, { variation, variationCount: state.variationCount + 1, obligations });
  const decider =
    variation.decidedBy === 'partners'
      ? 'the other partners decide it'
      : state.terms.regionalOfficeGate === 'approve'
        ? 'the Regional Office approves it'
        : 'the Regional Office acknowledges it';
  const signed = variation.signing ? ' and every partner has signed the varied agreement' : '';
  next = withEventNotification(
    next,
    {
      key: notificationKeys.variationProposed(state.ref, id),
      kind: 'variation',
      subject: `A ${classification.materiality} variation to ${state.ref} has been proposed`,
      summary:
        `Variation ${id} is ${classification.materiality}` +
        (classification.reasons.length > 0 ? ` because ${classification.reasons.map((r) => VARIATION_REASON_LABELS[r]).join('; ')}` : '') +
        `. The current terms stay in force until ${decider}${signed}` +
        (consultation ? `, after a joint consultation closing ${consultation.closeDate}.` : '.'),
      citation: CITATIONS.variation,
      message: 'variationProposed',
      facts: {
        variationId: id,
        materiality: classification.materiality,
        changes: classification.reasons.map((r) => VARIATION_REASON_LABELS[r]),
        decider: variation.decidedBy === 'partners' ? 'partners' : state.terms.regionalOfficeGate,
        ...(consultation ? { consultationCloseDate: consultation.closeDate } : {}),
      },
      ...(command.reason ? { reasons: command.reason } : {}),
    },
    ['partnerContacts', ...(variation.decidedBy === 'regionalOffice' ? (['regionalOffice'] as const) : [])],
  );
  // Ready at once (no consultation, no consents): the Regional Office's clock starts now.
  next = withVariationSentToRegionalOffice(next, now);
  if (!consultation) return next;
  const invitation = eventNotification(
    next.state,
    {
      key: notificationKeys.consultationInvitation(state.ref, id),
      kind: 'consultationInvitation',
      subject: `Consultation on a change to partnership arrangement ${state.ref}`,
      summary: `The partners are jointly consulting on variation ${id}. ${respondByText(terms, consultation.closeDate)}`,
      dueDate: consultation.closeDate,
      citation: CITATIONS.variationConsultation,
      message: 'consultationInvitation',
      deadlineId: consultationCloseId(id),
      facts: {
        purpose: 'variation',
        variationId: id,
        changes: classification.reasons.map((r) => VARIATION_REASON_LABELS[r]),
        clientGroups: terms.clientGroups,
        serviceKinds: terms.serviceKinds,
        ...consultationContact(terms),
      },
    },
    [],
  );
  const consultees = terms.consultees.map((c) => ({ ...c.contact, role: 'consultees' as const }));
  return withNotification(next, { ...invitation, recipients: consultees });
}
