import { SYSTEM_ACTOR, type Actor } from './actors';
import type { ArrangementState } from './arrangement-state';
import { actingPartnerId } from './authorisation';
import { addDays, earliestDate, toDateString } from './calendar';
import { CITATIONS } from './citations';
import { currentConsultation } from './command-guards';
import type { Command, CommandOf, CommandType } from './commands';
import { groupsAwaitingResponse, type ConsultationRecord } from './consultation';
import { whyTermsAreIneligible } from './eligibility';
import { eventKey } from './notifications';
import { withObligation, withObligationDone, withObligationsCancelled } from './obligations';
import { eventNotification, withAudit, withNotification, withState, type Outcome } from './outcome';
import { refusal } from './refusal';
import {
  checkPreconditionsMet,
  enterPreconditions,
  executeIfSigned,
  openProposalConsultation,
  recordRegionalOfficeOutcome,
} from './transitions-setup';
import { applyVariation, closeIfWoundUp, dropVariation, enterTerminating } from './transitions-running';
import { proposeVariation } from './propose-variation';
import { windUpObligationId } from './wind-up';

type Apply<T extends CommandType> = (outcome: Outcome, command: CommandOf<T>, actor: Actor, now: number) => Outcome;

const partnerOf = (state: ArrangementState, actor: Actor, named: string | undefined): string => {
  const id = actingPartnerId(state, actor, named);
  return typeof id === 'string' ? id : '';
};

/** Updates whichever consultation is current (the proposal's or a variation's). */
function withConsultation(outcome: Outcome, consultation: ConsultationRecord): Outcome {
  const { state } = outcome;
  if (state.status === 'active' && state.variation) return withState(outcome, { variation: { ...state.variation, consultation } });
  return withState(outcome, { consultation });
}

/** Closes the current consultation: the proposal moves to consultationClosed; a variation's just records it. */
export function closeCurrentConsultation(outcome: Outcome, how: NonNullable<ConsultationRecord['closedHow']>, at: number): Outcome {
  const c = currentConsultation(outcome.state);
  if (!c) return outcome;
  const isVariation = c.purpose === 'variation';
  const obligationId = isVariation
    ? `consultationClose:${outcome.state.variation?.id ?? ''}`
    : `consultationClose:proposal${outcome.state.proposal.submissionCount ?? 1}`;
  let next = withConsultation(outcome, { ...c, closedAt: at, closedHow: how });
  next = withState(next, { obligations: withObligationDone(next.state.obligations, obligationId, at) });
  return isVariation ? next : withState(next, { status: 'consultationClosed' });
}

const APPLY: { [T in CommandType]: Apply<T> } = {
  submitProposal: (outcome, _command, actor, now) => {
    const state = outcome.state;
    const refusals = whyTermsAreIneligible(state.terms, now, state.policy);
    const submitted = withState(outcome, { proposal: { ...state.proposal, submittedAt: now, submittedByActorId: actor.id } });
    if (refusals.length === 0) return openProposalConsultation(submitted, now);
    const failed = withAudit(
      withState(submitted, { status: 'eligibilityFailed', proposal: { ...submitted.state.proposal, refusals } }),
      SYSTEM_ACTOR,
      'eligibilityFailed',
      now,
      { details: { codes: refusals.map((r) => r.code) } },
    );
    return failed;
  },
  editProposal: (outcome, command) =>
    withState(outcome, { status: 'draft', terms: command.terms, proposal: { ...outcome.state.proposal, refusals: [] } }),
  recordConsultationResponse: (outcome, command, actor, now) => {
    const c = currentConsultation(outcome.state);
    if (!c) return outcome;
    const responses = [
      ...c.responses.filter((r) => r.group !== command.group),
      { group: command.group, summary: command.summary, recordedAt: now, recordedByActorId: actor.id },
    ];
    return withConsultation(outcome, { ...c, responses });
  },
  closeConsultation: (outcome, _command, _actor, now) => {
    const c = currentConsultation(outcome.state);
    const how = c && groupsAwaitingResponse(c).length === 0 ? 'allResponded' : 'closedAtCloseDate';
    return closeCurrentConsultation(outcome, how, now);
  },
  considerResponses: (outcome, command, actor, now) => {
    const { state } = outcome;
    const c = state.consultation;
    if (!c) return outcome;
    const partnerId = partnerOf(state, actor, command.partnerId);
    const considerations = [...c.considerations, { partnerId, summary: command.summary, at: now, byActorId: actor.id }];
    const next = withState(outcome, { consultation: { ...c, considerations } });
    const allConsidered = state.terms.partners.every((p) => considerations.some((x) => x.partnerId === p.id));
    return allConsidered ? enterPreconditions(next, now) : next;
  },
  recordHimpCheck: (outcome, command, actor, now) => {
    const pre = outcome.state.preconditions ?? { attestations: [], consents: [] };
    const himp = { himpRef: command.himpRef, objectives: command.objectives, checkedAt: now, byActorId: actor.id };
    return checkPreconditionsMet(withState(outcome, { preconditions: { ...pre, himp } }), now);
  },
  attestImprovement: (outcome, command, actor, now) => {
    const pre = outcome.state.preconditions ?? { attestations: [], consents: [] };
    const partnerId = partnerOf(outcome.state, actor, command.partnerId);
    const attestations = [...pre.attestations, { partnerId, statement: command.statement, at: now, byActorId: actor.id }];
    return checkPreconditionsMet(withState(outcome, { preconditions: { ...pre, attestations } }), now);
  },
  grantConsent: (outcome, command, _actor, now) => decideConsent(outcome, command.trustId, command.healthAuthorityId, 'granted', now),
  refuseConsent: (outcome, command, actor, now) =>
    decideConsent(outcome, command.trustId, command.healthAuthorityId, 'refused', now, actor, command.reason),
  markChecklistItem: (outcome, command, actor, now) => {
    const agreement = outcome.state.agreement ?? { version: outcome.state.version, checklist: [], signatures: [] };
    const rest = agreement.checklist.filter((i) => i.itemId !== command.itemId);
    const item = {
      itemId: command.itemId,
      markedAt: now,
      byActorId: actor.id,
      ...(command.documentRef ? { documentRef: command.documentRef } : {}),
    };
    const checklist = command.present === false ? rest : [...rest, item];
    // Changing the text after signatures means the partners must sign the new text.
    return withState(outcome, { agreement: { ...agreement, checklist, signatures: [] } });
  },
  signAgreement: (outcome, command, actor, now) => {
    const agreement = outcome.state.agreement ?? { version: outcome.state.version, checklist: [], signatures: [] };
    const partnerId = partnerOf(outcome.state, actor, command.partnerId);
    const next = withState(outcome, {
      agreement: { ...agreement, signatures: [...agreement.signatures, { partnerId, signedAt: now, byActorId: actor.id }] },
    });
    return executeIfSigned(next, now);
  },
  submitNotification: (outcome, command, _actor, now) => {
    const { state } = outcome;
    let obligations = withObligationDone(state.obligations, `notifyBeforeStart:v${state.version}`, now);
    const dueDate = addDays(toDateString(now), state.policy.roResponseDays);
    obligations = withObligation(
      obligations,
      {
        id: `roResponse:v${state.version}`,
        kind: 'roResponse',
        title: `Regional Office response to the notification (version ${state.version})`,
        dueDate,
        responsibleRole: 'regionalOffice',
        responsiblePartnerIds: [],
        citation: CITATIONS.roResponse,
      },
      now,
    );
    const next = withState(outcome, {
      status: 'notified',
      notification: { version: state.version, submittedAt: now, ...(command.formRef ? { formRef: command.formRef } : {}) },
      regionalOffice: { mode: state.terms.regionalOfficeGate, informationRequests: [] },
      obligations,
    });
    const ask = state.terms.regionalOfficeGate === 'approve' ? 'approve or refuse (with reasons)' : 'acknowledge receipt of';
    return withNotification(
      next,
      eventNotification(
        next.state,
        {
          key: eventKey(state.ref, 'notificationSubmitted', state.version),
          kind: 'notificationSubmitted',
          subject: `Notification of a section 31 partnership arrangement (${state.ref})`,
          summary:
            `${state.terms.partners.map((p) => p.name).join(', ')} notify their intention to enter arrangement ${state.ref} ` +
            `(${state.terms.types.join(', ')}) from ${state.terms.startDate}. Please ${ask} the notification by ${dueDate}.`,
          dueDate,
          citation: CITATIONS.notification,
        },
        ['regionalOffice'],
      ),
    );
  },
  acknowledgeReceipt: (outcome, _command, actor, now) =>
    outcome.state.status === 'active'
      ? applyVariation(outcome, actor, now, 'acknowledged')
      : recordRegionalOfficeOutcome(outcome, actor, 'acknowledged', now),
  approve: (outcome, command, actor, now) => recordRegionalOfficeOutcome(outcome, actor, 'approved', now, command.reason),
  refuse: (outcome, command, actor, now) => recordRegionalOfficeOutcome(outcome, actor, 'refused', now, command.reason),
  requestInformation: (outcome, command, _actor, now) => {
    const { state } = outcome;
    const ro = state.regionalOffice ?? { mode: state.terms.regionalOfficeGate, informationRequests: [] };
    const informationRequests = [...ro.informationRequests, { requestedAt: now, question: command.question }];
    const next = withState(outcome, { regionalOffice: { ...ro, informationRequests } });
    return withNotification(
      next,
      eventNotification(
        next.state,
        {
          key: eventKey(state.ref, 'informationRequest', `${state.version}.${informationRequests.length}`),
          kind: 'informationRequest',
          subject: `The Regional Office asks for information about ${state.ref}`,
          summary: `The Regional Office asks: ${command.question} Reply with provideInformation.`,
          citation: CITATIONS.notification,
        },
        ['partnerContacts'],
      ),
    );
  },
  provideInformation: (outcome, command, _actor, now) => {
    const { state } = outcome;
    const ro = state.regionalOffice;
    if (!ro) return outcome;
    const index = ro.informationRequests.findIndex((r) => r.answeredAt === undefined);
    const informationRequests = ro.informationRequests.map((r, i) => (i === index ? { ...r, answeredAt: now, answer: command.answer } : r));
    const next = withState(outcome, { regionalOffice: { ...ro, informationRequests } });
    return withNotification(
      next,
      eventNotification(
        next.state,
        {
          key: eventKey(state.ref, 'informationProvided', `${state.version}.${index + 1}`),
          kind: 'informationRequest',
          subject: `The partners have answered your question about ${state.ref}`,
          summary: `Answer: ${command.answer}`,
          citation: CITATIONS.notification,
        },
        ['regionalOffice'],
      ),
    );
  },
  resubmit: (outcome, command) => {
    const { state } = outcome;
    const terms = command.terms ?? state.terms;
    const termsChanged = command.terms !== undefined && JSON.stringify(command.terms) !== JSON.stringify(state.terms);
    const checklist = termsChanged ? [] : (state.agreement?.checklist ?? []);
    return withState(outcome, {
      status: 'agreementDrafting',
      version: state.version + 1,
      terms,
      agreement: { version: state.version + 1, checklist, signatures: [] },
      notification: undefined,
      regionalOffice: undefined,
    });
  },
  proposeVariation: (outcome, command, actor, now) => proposeVariation(outcome, command, actor, now),
  decideVariation: (outcome, command, actor, now) =>
    command.decision === 'approve'
      ? applyVariation(outcome, actor, now, 'approved')
      : dropVariation(outcome, actor, now, 'rejected', command.reason),
  fileQuarterlyReport: (outcome, command, _actor, now) => markDone(outcome, `quarterlyReport:${command.period}`, now),
  fileAnnualReport: (outcome, command, _actor, now) => markDone(outcome, `annualReport:${command.financialYear}`, now),
  submitAnnualReturn: (outcome, command, _actor, now) => markDone(outcome, `annualReturn:${command.financialYear}`, now),
  certifyAudit: (outcome, command, _actor, now) => markDone(outcome, `auditCertification:${command.financialYear}`, now),
  completeReview: (outcome, command, actor, now) => {
    const { state } = outcome;
    const done = withState(outcome, {
      review: undefined,
      obligations: withObligationDone(state.obligations, `reviewDate:${state.terms.reviewDate}`, now),
    });
    if (command.outcome === 'terminate') {
      const date = earliestDate(state.terms.endDate, addDays(toDateString(now), state.terms.terminationNoticeDays));
      return enterTerminating(done, 'review', date, actor, now, command.reason ? { reason: command.reason } : {});
    }
    const terms = { ...state.terms, reviewDate: command.nextReviewDate ?? state.terms.reviewDate };
    const next = withState(done, { terms });
    return withState(next, {
      obligations: withObligation(
        next.state.obligations,
        {
          id: `reviewDate:${terms.reviewDate}`,
          kind: 'reviewDate',
          title: `Review of the arrangement due ${terms.reviewDate}`,
          dueDate: terms.reviewDate,
          responsibleRole: 'allPartners',
          responsiblePartnerIds: terms.partners.map((p) => p.id),
          citation: CITATIONS.review,
        },
        now,
      ),
    });
  },
  giveNotice: (outcome, command, actor, now) => {
    const { state } = outcome;
    // The notice period comes from the agreement's termination clause (reg 7(3)(f), 9(3)(f) [V]).
    const date = earliestDate(state.terms.endDate, addDays(toDateString(now), state.terms.terminationNoticeDays));
    const byPartnerId = partnerOf(state, actor, command.partnerId);
    return enterTerminating(outcome, 'notice', date, actor, now, { byPartnerId, ...(command.reason ? { reason: command.reason } : {}) });
  },
  withdrawApproval: (outcome, command, actor, now) => {
    const ro = outcome.state.regionalOffice ?? { mode: outcome.state.terms.regionalOfficeGate, informationRequests: [] };
    const next = withState(outcome, {
      regionalOffice: { ...ro, outcome: 'withdrawn', decidedAt: now, decidedByActorId: actor.id, reasons: command.reason },
    });
    return enterTerminating(next, 'withdrawal', toDateString(now), actor, now, { reason: command.reason });
  },
  completeWindUpItem: (outcome, command, _actor, now) => {
    let next = markDone(outcome, windUpObligationId(command.itemId), now);
    if (command.itemId === 'liabilityNote' && next.state.liabilityNote) {
      next = withState(next, {
        liabilityNote: { ...next.state.liabilityNote, periodTo: next.state.termination?.terminationDate ?? toDateString(now) },
      });
    }
    return closeIfWoundUp(next, now);
  },
  abandon: (outcome, _command, _actor, now) =>
    withState(outcome, { status: 'abandoned', obligations: withObligationsCancelled(outcome.state.obligations, () => true, now) }),
};

function markDone(outcome: Outcome, id: string, now: number): Outcome {
  return withState(outcome, { obligations: withObligationDone(outcome.state.obligations, id, now) });
}

function decideConsent(
  outcome: Outcome,
  trustId: string,
  haId: string,
  status: 'granted' | 'refused',
  now: number,
  actor?: Actor,
  reason?: string,
): Outcome {
  const { state } = outcome;
  const match = (c: { trustId: string; healthAuthorityId: string }): boolean => c.trustId === trustId && c.healthAuthorityId === haId;
  const decided = <C extends { trustId: string; healthAuthorityId: string }>(c: C): C =>
    match(c) ? { ...c, status, decidedAt: now, ...(reason ? { reason } : {}) } : c;
  if (state.status === 'active' && state.variation) {
    const variation = state.variation;
    const obligationId = `haConsent:${variation.id}:${trustId}:${haId}`;
    if (status === 'refused') return dropVariation(outcome, actor ?? SYSTEM_ACTOR, now, 'consentRefused', reason);
    const consents = variation.consents.map((c) => (match(c) ? { ...c, status: 'granted' as const } : c));
    return withState(outcome, {
      variation: { ...variation, consents },
      obligations: withObligationDone(state.obligations, obligationId, now),
    });
  }
  const pre = state.preconditions ?? { attestations: [], consents: [] };
  const obligations = withObligationDone(state.obligations, `haConsent:${trustId}:${haId}`, now);
  const next = withState(outcome, { preconditions: { ...pre, consents: pre.consents.map(decided) }, obligations });
  if (status === 'granted') return checkPreconditionsMet(next, now);
  // A refused consent stops the arrangement until the trust drops out or the scope changes (reg 7(2), 9(2) [V]).
  const why = refusal(
    'consentRefused',
    `${haId} refused consent for ${trustId} to take part${reason ? `: ${reason}` : ''}.`,
    CITATIONS.trustConsent,
  );
  return withState(next, {
    status: 'eligibilityFailed',
    proposal: { ...next.state.proposal, refusals: [why] },
    obligations: withObligationsCancelled(next.state.obligations, (o) => o.kind === 'haConsent', now),
  });
}

/** Applies an accepted command (guards already passed) and any follow-on transitions it completes. */
export function applyCommand(outcome: Outcome, command: Command, actor: Actor, now: number): Outcome {
  const apply = APPLY[command.type] as Apply<CommandType>;
  return apply(outcome, command, actor, now);
}
