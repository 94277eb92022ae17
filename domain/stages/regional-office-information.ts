import { CITATIONS } from '../citations';
import { PARTNER_ROLES, RO_ROLES, type CommandSpec } from '../command-spec';
import type { ArrangementState } from '../arrangement-state';
import { daysOf } from '../days';
import { notificationKeys } from '../notifications';
import { roResponseId, variationRoResponseId } from '../obligation-ids';
import { withEventNotification, withState, type Outcome } from '../outcome';
import { refusal } from '../refusal';
import { withClockRestarted, withClockStopped } from '../regional-office-clock';
import { roRecordOf } from './regional-office';

// The Regional Office asks the partners for information about a notification, and they answer
// (HSC 2000/010 paras 1, 11: the notification is what the Regional Office considers); likewise about a
// material variation awaiting its answer. Under the working-day clock its response target stops while it
// waits and restarts when it is answered (issue 12 §2).

type InformationRequest = { requestedAt: number; question: string; answeredAt?: number; answer?: string };

/** What the Regional Office is considering: its questions, its response obligation, and how the keys and texts name it. */
interface UnderConsideration {
  requests: InformationRequest[];
  obligationId: string;
  /** The agreement version of a notification, or the variation's id, in notification keys. */
  about: number | string;
  /** '' for the notification (texts from before variations could be asked about), else ' (variation2)'. */
  label: string;
  save: (outcome: Outcome, requests: InformationRequest[]) => Outcome;
}

/** The notification while notified; a material variation whose Regional Office clock runs while active; else nothing. */
function underConsideration(state: ArrangementState): UnderConsideration | undefined {
  if (state.status === 'notified')
    return {
      requests: roRecordOf(state).informationRequests,
      obligationId: roResponseId(state.version),
      about: state.version,
      label: '',
      save: (o, requests) => withState(o, { regionalOffice: { ...roRecordOf(o.state), informationRequests: requests } }),
    };
  const v = state.variation;
  const clock = v && state.obligations.find((o) => o.id === variationRoResponseId(v.id) && o.status === 'open');
  if (state.status !== 'active' || !v || !clock) return undefined;
  return {
    requests: v.informationRequests ?? [],
    obligationId: clock.id,
    about: v.id,
    label: ` (${v.id})`,
    save: (o, requests) => withState(o, { variation: { ...v, informationRequests: requests } }),
  };
}

/** The Regional Office asks the partners a question about the notification or a variation; its response clock stops. */
export const requestInformation: CommandSpec<'requestInformation'> = {
  allowedIn: (s) => underConsideration(s) !== undefined,
  roles: RO_ROLES,
  apply: (outcome, command, _actor, now) => {
    const { state } = outcome;
    const asked = underConsideration(state);
    if (!asked) return outcome;
    const requests = [...asked.requests, { requestedAt: now, question: command.question }];
    // The partners answer in time for the Regional Office to respond by its own date (inferred).
    const answerBy = state.obligations.find((o) => o.id === asked.obligationId && o.status === 'open')?.dueDate;
    const obligations = withClockStopped(state, state.obligations, asked.obligationId, daysOf(state).today(now));
    const next = asked.save(withState(outcome, { obligations }), requests);
    return withEventNotification(
      next,
      {
        key: notificationKeys.informationRequest(state.ref, asked.about, requests.length),
        kind: 'informationRequest',
        subject: `The Regional Office asks for information about ${state.ref}${asked.label}`,
        summary: `The Regional Office asks: "${command.question.trim()}"${answerBy ? ` Please answer by ${answerBy}` : ' Please answer'} on the arrangement's page.`,
        ...(answerBy ? { dueDate: answerBy, deadlineId: asked.obligationId } : {}),
        citation: CITATIONS.notification,
        message: 'informationRequested',
        facts: { question: command.question, version: state.version, ...(asked.label ? { variation: String(asked.about) } : {}) },
      },
      ['partnerContacts'],
    );
  },
};

/** The partners answer the Regional Office's oldest unanswered question; its clock restarts once none is left unanswered. */
export const provideInformation: CommandSpec<'provideInformation'> = {
  allowedIn: (s) => underConsideration(s) !== undefined,
  roles: PARTNER_ROLES,
  guard: (state) =>
    underConsideration(state)?.requests.some((r) => r.answeredAt === undefined)
      ? undefined
      : refusal('noInformationRequested', 'The Regional Office has not asked for information.', CITATIONS.notification),
  apply: (outcome, command, _actor, now) => {
    const { state } = outcome;
    const asked = underConsideration(state);
    if (!asked) return outcome;
    const index = asked.requests.findIndex((r) => r.answeredAt === undefined);
    const requests = asked.requests.map((r, i) => (i === index ? { ...r, answeredAt: now, answer: command.answer } : r));
    const id = asked.obligationId;
    const waiting = requests.some((r) => r.answeredAt === undefined);
    const obligations = waiting
      ? state.obligations
      : withClockRestarted(state, state.obligations, id, daysOf(state).today(now), daysOf(state));
    const moved = obligations.find((o) => o.id === id && o.dueDate !== state.obligations.find((p) => p.id === id)?.dueDate);
    const next = asked.save(withState(outcome, { obligations }), requests);
    return withEventNotification(
      next,
      {
        key: notificationKeys.informationProvided(state.ref, asked.about, index + 1),
        kind: 'informationRequest',
        subject: `The partners have answered your question about ${state.ref}${asked.label}`,
        summary: `Answer: ${command.answer}` + (moved ? ` Your response clock restarts: the response is now due by ${moved.dueDate}.` : ''),
        citation: CITATIONS.notification,
        message: 'informationProvided',
        facts: {
          question: asked.requests[index]?.question ?? '',
          answer: command.answer,
          ...(moved ? { responseDueDate: moved.dueDate } : {}),
          ...(asked.label ? { variation: String(asked.about) } : {}),
        },
      },
      ['regionalOffice'],
    );
  },
};
