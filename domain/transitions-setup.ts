import { SYSTEM_ACTOR, type Actor } from './actors';
import type { ArrangementState } from './arrangement-state';
import { liableBodyIdOf } from './arrangement-terms';
import { addDays, latestDate, toDateString } from './calendar';
import { CITATIONS } from './citations';
import { openConsultation } from './consultation';
import { requiredTrustConsents } from './eligibility';
import { eventKey } from './notifications';
import { withObligation, withObligationDone } from './obligations';
import { eventNotification, withAudit, withNotification, withState, type Outcome } from './outcome';

/** Opens the joint consultation of the proposal and invites every consultee group (HSC 3 [V]; 12 weeks, inferred). */
export function openProposalConsultation(outcome: Outcome, now: number): Outcome {
  const { state } = outcome;
  const submissions = (state.proposal.submissionCount ?? 0) + 1;
  const consultation = openConsultation(
    'proposal',
    state.terms.consultees.map((c) => c.group),
    state.terms.partners.map((p) => p.id),
    state.policy.consultationWeeks,
    now,
  );
  const obligations = withObligation(
    state.obligations,
    {
      id: `consultationClose:proposal${submissions}`,
      kind: 'consultationClose',
      title: 'Joint consultation closes',
      dueDate: consultation.closeDate,
      responsibleRole: 'consultationLead',
      responsiblePartnerIds: state.terms.partners.map((p) => p.id),
      citation: CITATIONS.consultation,
    },
    now,
  );
  const next = withState(outcome, {
    status: 'consultationOpen',
    consultation,
    preconditions: undefined,
    agreement: undefined,
    proposal: { ...state.proposal, refusals: [], submissionCount: submissions },
    obligations,
  });
  return withNotification(
    next,
    eventNotification(
      next.state,
      {
        key: eventKey(state.ref, 'consultationInvitation', `proposal${submissions}`),
        kind: 'consultationInvitation',
        subject: `Consultation on a proposed health and social care partnership (${state.ref})`,
        summary:
          `The partners ${state.terms.partners.map((p) => p.name).join(', ')} are jointly consulting on a partnership arrangement ` +
          `for ${state.terms.clientGroups.join(', ')}. Please send your group's response by ${consultation.closeDate}.`,
        dueDate: consultation.closeDate,
        citation: CITATIONS.consultation,
      },
      ['consultees'],
    ),
  );
}

/** After every partner has considered the responses: open the parallel preconditions (C2, C4, C6). */
export function enterPreconditions(outcome: Outcome, now: number): Outcome {
  const { state } = outcome;
  const consents = requiredTrustConsents(state.terms, state.policy);
  let obligations = state.obligations;
  for (const c of consents) {
    obligations = withObligation(
      obligations,
      {
        id: `haConsent:${c.trustId}:${c.healthAuthorityId}`,
        kind: 'haConsent',
        title: `Consent of ${c.healthAuthorityId} for ${c.trustId} to take part`,
        dueDate: addDays(toDateString(now), state.policy.haConsentChaseDays),
        responsibleRole: 'nhsTrust',
        responsiblePartnerIds: [c.trustId],
        citation: CITATIONS.haConsentChase,
      },
      now,
    );
  }
  return withAudit(
    withState(outcome, {
      status: 'preconditionsPending',
      preconditions: { attestations: [], consents: consents.map((c) => ({ ...c, status: 'pending' as const })) },
      obligations,
    }),
    SYSTEM_ACTOR,
    'responsesConsidered',
    now,
  );
}

/** Moves to agreement drafting once the HImP check, every attestation and every consent are in (§13.3). */
export function checkPreconditionsMet(outcome: Outcome, now: number): Outcome {
  const { state } = outcome;
  const pre = state.preconditions;
  if (state.status !== 'preconditionsPending' || !pre) return outcome;
  const attested = state.terms.partners.every((p) => pre.attestations.some((a) => a.partnerId === p.id));
  const consented = pre.consents.every((c) => c.status === 'granted');
  if (!pre.himp || !attested || !consented) return outcome;
  return withAudit(
    withState(outcome, { status: 'agreementDrafting', agreement: { version: state.version, checklist: [], signatures: [] } }),
    SYSTEM_ACTOR,
    'preconditionsMet',
    now,
  );
}

/** Executes the agreement once every partner has signed; records the liability note (s31(5) [V]). */
export function executeIfSigned(outcome: Outcome, now: number): Outcome {
  const { state } = outcome;
  const agreement = state.agreement;
  if (state.status !== 'agreementDrafting' || !agreement) return outcome;
  if (!state.terms.partners.every((p) => agreement.signatures.some((s) => s.partnerId === p.id))) return outcome;
  const today = toDateString(now);
  const notifyBy = latestDate(today, addDays(state.terms.startDate, -state.policy.notifyBeforeStartDays));
  const obligations = withObligation(
    state.obligations,
    {
      id: `notifyBeforeStart:v${state.version}`,
      kind: 'notifyBeforeStart',
      title: 'Notify the Regional Office before the start date',
      dueDate: notifyBy,
      responsibleRole: 'proposer',
      responsiblePartnerIds: state.terms.partners.map((p) => p.id),
      citation: CITATIONS.notifyBeforeStart,
    },
    now,
  );
  return withAudit(
    withState(outcome, {
      status: 'agreementExecuted',
      agreement: { ...agreement, executedAt: now },
      obligations,
      liabilityNote: liabilityNoteFor(state, now),
    }),
    SYSTEM_ACTOR,
    'agreementExecuted',
    now,
  );
}

/** The liability note: each delegator stays liable for its delegated functions (s31(5) [V]; EN 240 [V]). */
export function liabilityNoteFor(state: ArrangementState, now: number): ArrangementState['liabilityNote'] {
  const name = (id: string): string => state.terms.partners.find((p) => p.id === id)?.name ?? id;
  return {
    citation: CITATIONS.liability,
    statements: state.terms.delegations.map((d) => ({
      delegatorId: liableBodyIdOf(d),
      delegateId: d.delegateId,
      functionIds: [...d.functionIds],
      text: `${name(d.delegatorId)} remains liable for the exercise of ${d.functionIds.join(', ')} delegated to ${name(d.delegateId)}.`,
    })),
    recordedAt: now,
    periodFrom: state.terms.startDate,
  };
}

/** Marks the RO response obligation done and moves to ready or roRefused, telling every partner (HSC 11; EN 239). */
export function recordRegionalOfficeOutcome(
  outcome: Outcome,
  actor: Actor,
  result: 'acknowledged' | 'approved' | 'refused',
  now: number,
  reasons?: string,
): Outcome {
  const { state } = outcome;
  const ro = state.regionalOffice ?? { mode: state.terms.regionalOfficeGate, informationRequests: [] };
  const citation = result === 'acknowledged' ? CITATIONS.notification : CITATIONS.approval;
  const next = withState(outcome, {
    status: result === 'refused' ? 'roRefused' : 'ready',
    regionalOffice: { ...ro, outcome: result, decidedAt: now, decidedByActorId: actor.id, ...(reasons ? { reasons } : {}) },
    obligations: withObligationDone(state.obligations, `roResponse:v${state.version}`, now),
  });
  const verb = { acknowledged: 'acknowledged receipt of', approved: 'approved', refused: 'refused' }[result];
  const then =
    result === 'refused'
      ? 'The partners may revise the agreement and resubmit it, or abandon the proposal.'
      : `The arrangement will start on ${state.terms.startDate}.`;
  return withNotification(
    next,
    eventNotification(
      next.state,
      {
        key: eventKey(state.ref, 'roDecision', state.version),
        kind: 'roDecision',
        subject: `Regional Office ${verb} the notification (${state.ref})`,
        summary: `The Regional Office has ${verb} the notification of arrangement ${state.ref} (version ${state.version}). ${then}`,
        citation,
        ...(reasons ? { reasons } : {}),
      },
      ['partnerContacts'],
    ),
  );
}
