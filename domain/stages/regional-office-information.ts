import { CITATIONS } from '../citations';
import { PARTNER_ROLES, RO_ROLES, type CommandSpec } from '../command-spec';
import { notificationKeys } from '../notifications';
import { roResponseId } from '../obligation-ids';
import { withEventNotification, withState } from '../outcome';
import { refusal } from '../refusal';
import { roRecordOf } from './regional-office';

// The Regional Office asks the partners for information about a notification, and they answer
// (HSC 2000/010 paras 1, 11: the notification is what the Regional Office considers).

/** The Regional Office asks the partners a question about the notification. */
export const requestInformation: CommandSpec<'requestInformation'> = {
  allowedIn: (s) => s.status === 'notified',
  roles: RO_ROLES,
  apply: (outcome, command, _actor, now) => {
    const { state } = outcome;
    const ro = roRecordOf(state);
    const informationRequests = [...ro.informationRequests, { requestedAt: now, question: command.question }];
    const next = withState(outcome, { regionalOffice: { ...ro, informationRequests } });
    // The partners answer in time for the Regional Office to respond by its own date (inferred).
    const answerBy = state.obligations.find((o) => o.id === roResponseId(state.version) && o.status === 'open')?.dueDate;
    return withEventNotification(
      next,
      {
        key: notificationKeys.informationRequest(state.ref, state.version, informationRequests.length),
        kind: 'informationRequest',
        subject: `The Regional Office asks for information about ${state.ref}`,
        summary: `The Regional Office asks: "${command.question.trim()}"${answerBy ? ` Please answer by ${answerBy}` : ' Please answer'} on the arrangement's page.`,
        ...(answerBy ? { dueDate: answerBy, deadlineId: roResponseId(state.version) } : {}),
        citation: CITATIONS.notification,
        message: 'informationRequested',
        facts: { question: command.question, version: state.version },
      },
      ['partnerContacts'],
    );
  },
};

/** The partners answer the Regional Office's oldest unanswered question. */
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
    const next = withState(outcome, { regionalOffice: { ...ro, informationRequests } });
    return withEventNotification(
      next,
      {
        key: notificationKeys.informationProvided(state.ref, state.version, index + 1),
        kind: 'informationRequest',
        subject: `The partners have answered your question about ${state.ref}`,
        summary: `Answer: ${command.answer}`,
        citation: CITATIONS.notification,
        message: 'informationProvided',
        facts: { question: ro.informationRequests[index]?.question ?? '', answer: command.answer },
      },
      ['regionalOffice'],
    );
  },
};
