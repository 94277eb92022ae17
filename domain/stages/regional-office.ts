import { daysOf } from '../days';
import { SYSTEM_ACTOR, type Actor } from '../actors';
import type { ArrangementState } from '../arrangement-state';
import { CITATIONS } from '../citations';
import { PARTNER_ROLES, RO_ROLES, type CommandSpec, type TimeEvent } from '../command-spec';
import { requiredTrustConsents, whyStartDateIsRetrospective, whyTermsAreIneligible } from '../eligibility';
import { notificationKeys } from '../notifications';
import { notifyBeforeStartId, roResponseId } from '../obligation-ids';
import { withObligation, withObligationDone } from '../obligations';
import { withAudit, withEventNotification, withState, type Outcome } from '../outcome';
import { refusal, type Refusal } from '../refusal';
import { regionalOfficeResponse } from '../regional-office-clock';
import { prefixed, reasonRequired } from './common';
import { variationIsReady, variationNotReady } from './variation-effect';
import { answerVariation } from './variation-signing';

// Stage 4: notification to the NHS Executive Regional Office and its gate (HSC 2000/010 paras 1, 11 [V]):
// acknowledge, or approve or refuse with reasons; information requests; resubmission after a refusal.
// The arrangement then waits, ready, for its start date (see running.ts).

export const roRecordOf = (state: ArrangementState): NonNullable<ArrangementState['regionalOffice']> =>
  state.regionalOffice ?? { mode: state.terms.regionalOfficeGate, informationRequests: [] };

/** Marks the RO response obligation done and moves to ready or roRefused, telling every partner (HSC 11; EN 239). */
function recordRegionalOfficeOutcome(
  outcome: Outcome,
  actor: Actor,
  result: 'acknowledged' | 'approved' | 'refused',
  now: number,
  reasons?: string,
): Outcome {
  const { state } = outcome;
  const citation = result === 'acknowledged' ? CITATIONS.notification : CITATIONS.approval;
  const next = withState(outcome, {
    status: result === 'refused' ? 'roRefused' : 'ready',
    regionalOffice: { ...roRecordOf(state), outcome: result, decidedAt: now, decidedByActorId: actor.id, ...(reasons ? { reasons } : {}) },
    obligations: withObligationDone(state.obligations, roResponseId(state.version), now),
  });
  const verb = { acknowledged: 'acknowledged receipt of', approved: 'approved', refused: 'refused' }[result];
  const then =
    result === 'refused'
      ? 'The partners may revise the agreement and resubmit it, or abandon the proposal.'
      : `The arrangement will start on ${state.terms.startDate}.`;
  return withEventNotification(
    next,
    {
      key: notificationKeys.roDecision(state.ref, state.version),
      kind: 'roDecision',
      subject: `Regional Office ${verb} the notification (${state.ref})`,
      summary: `The Regional Office has ${verb} the notification of arrangement ${state.ref} (version ${state.version}). ${then}`,
      citation,
      message: 'roDecision',
      facts: { result, version: state.version, startDate: state.terms.startDate },
      ...(reasons ? { reasons } : {}),
    },
    ['partnerContacts'],
  );
}

const wrongGate = (message: string, citation: string): Refusal => refusal('wrongGateMode', message, citation);

/** Notifies the Regional Office of the executed agreement and opens its response deadline (HSC 2000/010 paras 1, 11 [V]). */
export const submitNotification: CommandSpec<'submitNotification'> = {
  allowedIn: (s) => s.status === 'agreementExecuted',
  roles: PARTNER_ROLES,
  apply: (outcome, command, _actor, now) => {
    const { state } = outcome;
    let obligations = withObligationDone(state.obligations, notifyBeforeStartId(state.version), now);
    const response = regionalOfficeResponse(state, daysOf(state).today(now), {
      id: roResponseId(state.version),
      title: `Regional Office response to the notification (version ${state.version})`,
    });
    const { dueDate } = response;
    obligations = withObligation(obligations, response, now, daysOf(state));
    const next = withState(outcome, {
      status: 'notified',
      notification: { version: state.version, submittedAt: now, ...(command.formRef ? { formRef: command.formRef } : {}) },
      regionalOffice: { mode: state.terms.regionalOfficeGate, informationRequests: [] },
      obligations,
    });
    const ask = state.terms.regionalOfficeGate === 'approve' ? 'approve or refuse (with reasons)' : 'acknowledge receipt of';
    const summary =
      `${state.terms.partners.map((p) => p.name).join(', ')} notify their intention to enter arrangement ${state.ref} ` +
      `(${state.terms.types.join(', ')}) from ${state.terms.startDate}. Please ${ask} the notification by ${dueDate}.`;
    return withEventNotification(
      next,
      {
        key: notificationKeys.notificationSubmitted(state.ref, state.version),
        kind: 'notificationSubmitted',
        subject: `Notification of a section 31 partnership arrangement (${state.ref})`,
        summary,
        dueDate,
        citation: CITATIONS.notification,
        message: 'notificationSubmitted',
        deadlineId: roResponseId(state.version),
        facts: {
          gate: state.terms.regionalOfficeGate,
          startDate: state.terms.startDate,
          types: state.terms.types,
          version: state.version,
          ...(command.formRef ? { formRef: command.formRef } : {}),
        },
      },
      ['regionalOffice'],
    );
  },
};

/** Acknowledges a notification, or a material variation under a notify-and-acknowledge gate (then it takes effect). */
export const acknowledgeReceipt: CommandSpec<'acknowledgeReceipt'> = {
  allowedIn: (s) => s.status === 'notified' || (s.status === 'active' && s.variation !== undefined),
  roles: RO_ROLES,
  guard: (state) => {
    if (state.status === 'notified') {
      return state.terms.regionalOfficeGate === 'notifyAck'
        ? undefined
        : wrongGate('This Regional Office approves or refuses; it does not just acknowledge.', CITATIONS.approval);
    }
    const v = state.variation;
    if (!v || v.decidedBy !== 'regionalOffice' || state.terms.regionalOfficeGate !== 'notifyAck') {
      return refusal(
        'variationNeedsNoAcknowledgement',
        'Only a material variation under a notify-and-acknowledge gate is acknowledged by the Regional Office.',
        CITATIONS.variation,
      );
    }
    if (v.signing?.regionalOffice)
      return refusal('variationAwaitsSignatures', `Variation ${v.id} has been acknowledged; it awaits the partners' signatures.`);
    return variationIsReady(state) ? undefined : variationNotReady();
  },
  apply: (outcome, _command, actor, now) =>
    outcome.state.status === 'active'
      ? answerVariation(outcome, actor, now, 'acknowledged')
      : recordRegionalOfficeOutcome(outcome, actor, 'acknowledged', now),
};

/** The Regional Office approves the notification (approval gate only); the arrangement is ready for its start date. */
export const approve: CommandSpec<'approve'> = {
  allowedIn: (s) => s.status === 'notified',
  roles: RO_ROLES,
  guard: (state) =>
    state.terms.regionalOfficeGate === 'approve'
      ? undefined
      : wrongGate('This Regional Office acknowledges notifications; it does not approve them.', CITATIONS.notification),
  apply: (outcome, command, actor, now) => recordRegionalOfficeOutcome(outcome, actor, 'approved', now, command.reason),
};

/** The Regional Office refuses the notification with reasons (approval gate only); the partners may resubmit or abandon. */
export const refuse: CommandSpec<'refuse'> = {
  allowedIn: (s) => s.status === 'notified',
  roles: RO_ROLES,
  guard: (state, command) =>
    state.terms.regionalOfficeGate !== 'approve'
      ? wrongGate('This Regional Office acknowledges notifications; it cannot refuse them.', CITATIONS.notification)
      : command.reason?.trim()
        ? undefined
        : reasonRequired(CITATIONS.approval),
  apply: (outcome, command, actor, now) => recordRegionalOfficeOutcome(outcome, actor, 'refused', now, command.reason),
};

/** After a refusal: the partners revise the agreement (a new version) and take it through signing again. */
export const resubmit: CommandSpec<'resubmit'> = {
  allowedIn: (s) => s.status === 'roRefused',
  roles: PARTNER_ROLES,
  guard: (state, command, _actor, now) => {
    const terms = command.terms ?? state.terms;
    const first =
      whyTermsAreIneligible(terms, now, state.policy)[0] ??
      prefixed(whyStartDateIsRetrospective(terms, daysOf(state).today(now), state.policy), 'terms');
    if (first) return first;
    const granted = state.preconditions?.consents.filter((c) => c.status === 'granted') ?? [];
    const missing = requiredTrustConsents(terms, state.policy).find(
      (r) => !granted.some((g) => g.trustId === r.trustId && g.healthAuthorityId === r.healthAuthorityId),
    );
    return missing
      ? refusal(
          'consentMissing',
          `${missing.trustId} needs the consent of ${missing.healthAuthorityId} for the revised terms.`,
          CITATIONS.trustConsent,
        )
      : undefined;
  },
  apply: (outcome, command) => {
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
};

/**
 * The start date passes while the Regional Office has still to answer the notification (issue 12 §2;
 * HSC 2000/010 para 11 [V]: the partners notify before they start): the arrangement cannot start, so
 * the partners who depend on the answer are told once, as the start date's day begins.
 */
export function regionalOfficeEvents(state: ArrangementState): TimeEvent[] {
  const notification = state.notification;
  if (!state.startDatePassedNotice || state.status !== 'notified' || !notification || notification.startDatePassedAt !== undefined)
    return [];
  const at = daysOf(state).startOf(state.terms.startDate);
  return [{ at, order: 1, apply: (outcome) => tellStartDatePassed(outcome, at) }];
}

function tellStartDatePassed(outcome: Outcome, at: number): Outcome {
  const { state } = outcome;
  const notification = state.notification;
  if (!notification) return outcome;
  const awaited = state.terms.regionalOfficeGate === 'approve' ? 'approval' : 'acknowledgement';
  const next = withAudit(
    withState(outcome, { notification: { ...notification, startDatePassedAt: at } }),
    SYSTEM_ACTOR,
    'startDatePassedAwaitingRegionalOffice',
    at,
  );
  return withEventNotification(
    next,
    {
      key: notificationKeys.startDatePassed(state.ref, state.version),
      kind: 'statusChange',
      subject: `${state.ref} cannot start on ${state.terms.startDate}: the Regional Office has not answered`,
      summary:
        `The start date ${state.terms.startDate} has passed and the Regional Office has not yet given its ${awaited} of the notification. ` +
        'The arrangement does not start until it does: the partners keep running their functions as before, and nothing may be paid into or out of the arrangement meanwhile.',
      citation: CITATIONS.notification,
      message: 'startDatePassed',
      facts: { startDate: state.terms.startDate, awaited },
    },
    ['partnerContacts'],
  );
}
