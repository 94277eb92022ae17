import { daysOf, hasPassed } from '../days';
import { SYSTEM_ACTOR } from '../actors';
import type { ArrangementState } from '../arrangement-state';
import { CITATIONS } from '../citations';
import { PARTNER_ROLES, type CommandSpec, type TimeEvent } from '../command-spec';
import {
  consultationContact,
  consultationMayClose,
  groupsAwaitingResponse,
  openConsultation,
  respondByText,
  type ConsultationRecord,
} from '../consultation';
import { whyDraftTermsAreRefused, whyStartDateIsRetrospective, whyTermsAreIneligible } from '../eligibility';
import type { ArrangementTerms } from '../arrangement-terms';
import { notificationKeys } from '../notifications';
import { consultationCloseId, proposalRound } from '../obligation-ids';
import { withObligation, withObligationDone } from '../obligations';
import { withAudit, withEventNotification, withState, type Outcome } from '../outcome';
import { refusal, refusalOfAll, type Refusal } from '../refusal';
import { partnerOf, prefixed, whyActingPartnerIsRefused } from './common';
import { enterPreconditions } from './preconditions';
import { withVariationSentToRegionalOffice } from './variation-signing';

// Stage 1: the proposal and its joint consultation (HSC 2000/010 para 3 [V]), and a variation's consultation.

/** The consultation a consultation command acts on: the proposal's, or a pending variation's while active. */
export function currentConsultation(state: ArrangementState): ConsultationRecord | undefined {
  if (state.status === 'consultationOpen') return state.consultation;
  const c = state.variation?.consultation;
  return state.status === 'active' && c && c.closedAt === undefined ? c : undefined;
}

/** Updates whichever consultation is current (the proposal's or a variation's). */
function withConsultation(outcome: Outcome, consultation: ConsultationRecord): Outcome {
  const { state } = outcome;
  if (state.status === 'active' && state.variation) return withState(outcome, { variation: { ...state.variation, consultation } });
  return withState(outcome, { consultation });
}

/** The proposal round of the latest submission ('proposal1' for the first); older states lack the count. */
const currentRound = (state: ArrangementState): string => proposalRound(state.proposal.submissionCount ?? 1);

/** Closes the current consultation: the proposal moves to consultationClosed; a variation's just records it. */
export function closeCurrentConsultation(outcome: Outcome, how: NonNullable<ConsultationRecord['closedHow']>, at: number): Outcome {
  const c = currentConsultation(outcome.state);
  if (!c) return outcome;
  const isVariation = c.purpose === 'variation';
  const obligationId = consultationCloseId(isVariation ? (outcome.state.variation?.id ?? '') : currentRound(outcome.state));
  let next = withConsultation(outcome, { ...c, closedAt: at, closedHow: how });
  next = withState(next, { obligations: withObligationDone(next.state.obligations, obligationId, at) });
  // A variation's closed consultation may leave it ready for the Regional Office: its clock starts.
  return isVariation ? withVariationSentToRegionalOffice(next, at) : withState(next, { status: 'consultationClosed' });
}

/** Opens the joint consultation of the proposal and invites every consultee group (HSC 3 [V]; 12 weeks, inferred). */
function openProposalConsultation(outcome: Outcome, now: number): Outcome {
  const { state } = outcome;
  const submissions = (state.proposal.submissionCount ?? 0) + 1;
  const consultation = openConsultation(
    'proposal',
    state.terms.consultees.map((c) => c.group),
    state.terms.partners.map((p) => p.id),
    state.policy.consultationWeeks,
    now,
    daysOf(state),
  );
  const obligations = withObligation(
    state.obligations,
    {
      id: consultationCloseId(proposalRound(submissions)),
      kind: 'consultationClose',
      title: 'Joint consultation closes',
      dueDate: consultation.closeDate,
      responsibleRole: 'consultationLead',
      responsiblePartnerIds: state.terms.partners.map((p) => p.id),
      citation: CITATIONS.consultation,
    },
    now,
    daysOf(state),
  );
  const next = withState(outcome, {
    status: 'consultationOpen',
    consultation,
    preconditions: undefined,
    agreement: undefined,
    proposal: { ...state.proposal, refusals: [], submissionCount: submissions },
    obligations,
  });
  return withEventNotification(
    next,
    {
      key: notificationKeys.consultationInvitation(state.ref, proposalRound(submissions)),
      kind: 'consultationInvitation',
      subject: `Consultation on a proposed health and social care partnership (${state.ref})`,
      summary:
        `The partners ${state.terms.partners.map((p) => p.name).join(', ')} are jointly consulting on a partnership arrangement ` +
        `for ${state.terms.clientGroups.join(', ')}. ${respondByText(state.terms, consultation.closeDate)}`,
      dueDate: consultation.closeDate,
      citation: CITATIONS.consultation,
      message: 'consultationInvitation',
      deadlineId: consultationCloseId(proposalRound(submissions)),
      facts: {
        purpose: 'proposal',
        clientGroups: state.terms.clientGroups,
        serviceKinds: state.terms.serviceKinds,
        ...consultationContact(state.terms),
      },
    },
    ['consultees'],
  );
}

/**
 * Every reason `terms` cannot stand as a draft, as one refusal carrying them all, with paths under
 * `terms` (§13.2; issue 11: refuse early, everything at once, change nothing).
 */
function whyDraftIsRefused(state: ArrangementState, terms: ArrangementTerms, now: number): Refusal | undefined {
  const found = whyDraftTermsAreRefused(terms, daysOf(state).today(now), now, state.policy);
  return refusalOfAll(found.map((r) => ({ ...r, path: ['terms', ...(r.path ?? [])] })));
}

/**
 * Submits the draft: ineligible terms are refused with every reason, leaving the draft to be edited
 * (§13.2); eligible ones open the joint consultation. Arrangements started before that rule
 * (`eligibilityRule: 'failOnSubmit'`) still move to eligibilityFailed with their refusals.
 */
export const submitProposal: CommandSpec<'submitProposal'> = {
  allowedIn: (s) => s.status === 'draft',
  roles: PARTNER_ROLES,
  guard: (state, _command, _actor, now) =>
    state.eligibilityRule === 'failOnSubmit'
      ? prefixed(whyStartDateIsRetrospective(state.terms, daysOf(state).today(now), state.policy), 'terms')
      : whyDraftIsRefused(state, state.terms, now),
  apply: (outcome, _command, actor, now) => {
    const state = outcome.state;
    const refusals = whyTermsAreIneligible(state.terms, now, state.policy);
    const submitted = withState(outcome, { proposal: { ...state.proposal, submittedAt: now, submittedByActorId: actor.id } });
    if (refusals.length === 0) return openProposalConsultation(submitted, now);
    return withAudit(
      withState(submitted, { status: 'eligibilityFailed', proposal: { ...submitted.state.proposal, refusals } }),
      SYSTEM_ACTOR,
      'eligibilityFailed',
      now,
      { details: { codes: refusals.map((r) => r.code) } },
    );
  },
};

/**
 * Replaces the terms of a draft, or of a proposal that failed (a refused consent), and returns it to
 * draft; terms that could not be submitted are refused with every reason (§13.2, issue 11).
 */
export const editProposal: CommandSpec<'editProposal'> = {
  allowedIn: (s) => s.status === 'draft' || s.status === 'eligibilityFailed',
  roles: PARTNER_ROLES,
  guard: (state, command, _actor, now) =>
    state.eligibilityRule === 'failOnSubmit'
      ? prefixed(whyStartDateIsRetrospective(command.terms, daysOf(state).today(now), state.policy), 'terms')
      : whyDraftIsRefused(state, command.terms, now),
  apply: (outcome, command) =>
    withState(outcome, { status: 'draft', terms: command.terms, proposal: { ...outcome.state.proposal, refusals: [] } }),
};

/** Records (or replaces) a consultee group's response while its consultation is open (HSC 2000/010 para 3 [V]). */
export const recordConsultationResponse: CommandSpec<'recordConsultationResponse'> = {
  allowedIn: (s) => currentConsultation(s) !== undefined,
  roles: PARTNER_ROLES,
  guard: (state, command, _actor, now) => {
    const c = currentConsultation(state);
    if (!c) return undefined;
    if (!c.groups.includes(command.group))
      return refusal('unknownConsulteeGroup', `${command.group} is not a consultee group of this consultation.`, CITATIONS.consultation, [
        'group',
      ]);
    if (hasPassed(c.closeAt, now))
      return refusal('consultationPeriodEnded', `The consultation closed on ${c.closeDate}.`, CITATIONS.consultation);
    return undefined;
  },
  apply: (outcome, command, actor, now) => {
    const c = currentConsultation(outcome.state);
    if (!c) return outcome;
    const responses = [
      ...c.responses.filter((r) => r.group !== command.group),
      { group: command.group, summary: command.summary, recordedAt: now, recordedByActorId: actor.id },
    ];
    return withConsultation(outcome, { ...c, responses });
  },
};

/** Closes the current consultation early once every group has responded, or at its close date. */
export const closeConsultation: CommandSpec<'closeConsultation'> = {
  allowedIn: (s) => currentConsultation(s) !== undefined,
  roles: PARTNER_ROLES,
  guard: (state, _command, _actor, now) => {
    const c = currentConsultation(state);
    return c && !consultationMayClose(c, now)
      ? refusal(
          'consultationStillOpen',
          `The joint consultation closes on ${c.closeDate}, or earlier once every consultee group has responded.`,
          CITATIONS.consultation,
        )
      : undefined;
  },
  apply: (outcome, _command, _actor, now) => {
    const c = currentConsultation(outcome.state);
    const how = c && groupsAwaitingResponse(c).length === 0 ? 'allResponded' : 'closedAtCloseDate';
    return closeCurrentConsultation(outcome, how, now);
  },
};

/** A partner's sign-off that it considered the responses; the last one opens the preconditions (§4.1). */
export const considerResponses: CommandSpec<'considerResponses'> = {
  allowedIn: (s) => s.status === 'consultationClosed',
  roles: PARTNER_ROLES,
  guard: (state, command, actor) =>
    whyActingPartnerIsRefused(state, actor, command.partnerId) ??
    (state.consultation?.considerations.some((c) => c.partnerId === partnerOf(state, actor, command.partnerId))
      ? refusal('alreadyConsidered', 'This partner has already signed off the consultation responses.', CITATIONS.consultation)
      : undefined),
  apply: (outcome, command, actor, now) => {
    const { state } = outcome;
    const c = state.consultation;
    if (!c) return outcome;
    const partnerId = partnerOf(state, actor, command.partnerId);
    const considerations = [...c.considerations, { partnerId, summary: command.summary, at: now, byActorId: actor.id }];
    const next = withState(outcome, { consultation: { ...c, considerations } });
    const allConsidered = state.terms.partners.every((p) => considerations.some((x) => x.partnerId === p.id));
    return allConsidered ? enterPreconditions(next, now) : next;
  },
};

/** The consultation's close date passing: it closes by itself (lapsed when groups are missing), a system act (style §3). */
export function consultationEvents(state: ArrangementState): TimeEvent[] {
  const c = currentConsultation(state);
  if (!c) return [];
  const apply = (o: Outcome): Outcome => {
    const missing = groupsAwaitingResponse(c);
    const action = c.purpose === 'variation' ? 'variationConsultationLapsed' : 'consultationLapsed';
    const audited = withAudit(o, SYSTEM_ACTOR, action, c.closeAt, { details: { missingGroups: missing } });
    const closed = closeCurrentConsultation(audited, missing.length === 0 ? 'closedAtCloseDate' : 'lapsed', c.closeAt);
    if (c.purpose === 'variation') return closed;
    return withEventNotification(
      closed,
      {
        key: notificationKeys.consultationClosed(state.ref, currentRound(state)),
        kind: 'statusChange',
        subject: `Consultation on ${state.ref} has closed`,
        summary: `The joint consultation closed on ${c.closeDate}${missing.length > 0 ? ` without responses from ${missing.join(', ')}` : ''}. Each partner should now consider the responses and record that it has, on the arrangement's page.`,
        citation: 'HSC 2000/010 para 3 [V]',
        message: 'consultationClosed',
        facts: { closeDate: c.closeDate, missingGroups: missing },
      },
      ['partnerContacts'],
    );
  };
  return [{ at: c.closeAt, order: 0, apply }];
}
