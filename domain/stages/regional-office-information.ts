import { CITATIONS } from '../citations';
import { PARTNER_ROLES, RO_ROLES, type CommandSpec } from '../command-spec';
import { daysOf } from '../days';
import { notificationKeys } from '../notifications';
import { roResponseId } from '../obligation-ids';
import { withEventNotification, withState } from '../outcome';
import { refusal } from '../refusal';
import { withClockRestarted, withClockStopped } from '../regional-office-clock';
import { roRecordOf } from './regional-office';

// The Regional Office asks the partners for information about a notification, and they answer
// (HSC 2000/010 paras 1, 11: the notification is what the Regional Office considers). Under the
// working-day clock its response target stops while it waits and restarts when it is answered (issue 12 §2).

/** The Regional Office asks the partners a question about the notification; its response clock stops. */
export const requestInformation: CommandSpec<'requestInformation'> = {
  allowedIn: (s) => s.status === 'notified',
  roles: RO_ROLES,
  apply: (outcome, command, _actor, now) => {
    const { state } = outcome;
    const ro = roRecordOf(state);
    const informationRequests = [...ro.informationRequests, { requestedAt: now, question: command.question }];
    const obligations = withClockStopped(state, state.obligations, roResponseId(state.version), daysOf(state).today(now));
    const next = withState(outcome, { regionalOffice: { ...ro, informationRequests }, obligations });
    return withEventNotification(
      next,
      {
        key: notificationKeys.informationRequest(state.ref, state.version, informationRequests.length),
        kind: 'informationRequest',
        subject: `The Regional Office asks for information about ${state.ref}`,
        summary: `The Regional Office asks: ${command.question} Reply with provideInformation.`,
        citation: CITATIONS.notification,
      },
      ['partnerContacts'],
    );
  },
};

/** The partners answer the Regional Office's oldest unanswered question; its clock restarts once none is left unanswered. */
export const provideInformation: CommandSpec<'provideInformation'> = {
  allowedIn: (s) => s.status === 'notified',
  roles: PARTNER_ROLES,
  guard: (state) =>
    state.regionalOffice?.informationRequests.some((r) => r.answeredAt === undefined)
      ? undefined
      : refusal('noInformationRequested', 'The Regional Office has not asked for information.', CITATIONS.notification),
  apply: (outcome, command, _actor, now) => {
    const { state } = outcome;
    const ro = state.regionalOffice;
    if (!ro) return outcome;
    const index = ro.informationRequests.findIndex((r) => r.answeredAt === undefined);
    const informationRequests = ro.informationRequests.map((r, i) => (i === index ? { ...r, answeredAt: now, answer: command.answer } : r));
    const id = roResponseId(state.version);
    const waiting = informationRequests.some((r) => r.answeredAt === undefined);
    const obligations = waiting
      ? state.obligations
      : withClockRestarted(state, state.obligations, id, daysOf(state).today(now), daysOf(state));
    const moved = obligations.find((o) => o.id === id && o.dueDate !== state.obligations.find((p) => p.id === id)?.dueDate);
    const next = withState(outcome, { regionalOffice: { ...ro, informationRequests }, obligations });
    return withEventNotification(
      next,
      {
        key: notificationKeys.informationProvided(state.ref, state.version, index + 1),
        kind: 'informationRequest',
        subject: `The partners have answered your question about ${state.ref}`,
        summary: `Answer: ${command.answer}` + (moved ? ` Your response clock restarts: the response is now due by ${moved.dueDate}.` : ''),
        citation: CITATIONS.notification,
      },
      ['regionalOffice'],
    );
  },
};
