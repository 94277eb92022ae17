import type { ArrangementState } from './arrangement-state';
import { SYSTEM_ACTOR } from './actors';
import { financialYearStart, isAfter, toInstant } from './calendar';
import { closeCurrentConsultation } from './apply-command';
import { currentConsultation } from './command-guards';
import { groupsAwaitingResponse } from './consultation';
import { eventKey, type Effect } from './notifications';
import { eventNotification, outcomeOf, withAudit, withNotification, withNotificationSkipped, withState, type Outcome } from './outcome';
import { pendingReminders, reminderNotification } from './reminders';
import { activate, closeIfWoundUp, enterTerminating, openReview, outOfForceAt, planFinancialYear } from './transitions-running';

/** Something that time causes, at an instant. */
interface TimeEvent {
  at: number;
  /** Lower runs first among events at the same instant; lifecycle events come before reminders. */
  order: number;
  /** `now` is the instant the tick catches up to, which may be later than `at`. */
  apply: (outcome: Outcome, now: number) => Outcome;
}

function consultationLapse(state: ArrangementState): TimeEvent | undefined {
  const c = currentConsultation(state);
  if (!c) return undefined;
  return {
    at: c.closeAt,
    order: 0,
    apply: (o) => {
      // A lapse is an event of its own, recorded as the system's act (style §3).
      const missing = groupsAwaitingResponse(c);
      const audited = withAudit(
        o,
        SYSTEM_ACTOR,
        c.purpose === 'variation' ? 'variationConsultationLapsed' : 'consultationLapsed',
        c.closeAt,
        {
          details: { missingGroups: missing },
        },
      );
      const closed = closeCurrentConsultation(audited, missing.length === 0 ? 'closedAtCloseDate' : 'lapsed', c.closeAt);
      if (c.purpose === 'variation') return closed;
      return withNotification(
        closed,
        eventNotification(
          closed.state,
          {
            key: eventKey(state.ref, 'consultationClosed', `proposal${state.proposal.submissionCount ?? 1}`),
            kind: 'statusChange',
            subject: `Consultation on ${state.ref} has closed`,
            summary: `The joint consultation closed on ${c.closeDate}${missing.length > 0 ? ` without responses from ${missing.join(', ')}` : ''}. Each partner should now consider the responses and sign off with considerResponses.`,
            citation: 'HSC 2000/010 para 3 [V]',
          },
          ['partnerContacts'],
        ),
      );
    },
  };
}

function lifecycleEvents(state: ArrangementState): TimeEvent[] {
  const events: TimeEvent[] = [];
  const lapse = consultationLapse(state);
  if (lapse) events.push(lapse);
  if (state.status === 'ready') {
    const at = toInstant(state.terms.startDate);
    events.push({ at, order: 1, apply: (o) => activate(o, at) });
  }
  if (state.status === 'active') {
    const nextYear = Math.max(...state.reports.plannedFinancialYears) + 1;
    const yearStart = financialYearStart(nextYear);
    if (Number.isFinite(nextYear) && !isAfter(yearStart, state.terms.endDate)) {
      const at = toInstant(yearStart);
      events.push({
        at,
        order: 2,
        apply: (o) =>
          withAudit(planFinancialYear(o, nextYear, at), SYSTEM_ACTOR, 'financialYearStarted', at, { details: { financialYear: nextYear } }),
      });
    }
    const reviewOpen = state.obligations.some((o) => o.id === `reviewDate:${state.terms.reviewDate}` && o.status === 'open');
    if (!state.review && reviewOpen) {
      const at = toInstant(state.terms.reviewDate);
      events.push({ at, order: 3, apply: (o) => openReview(o, at) });
    }
    const end = toInstant(state.terms.endDate);
    events.push({ at: end, order: 4, apply: (o) => enterTerminating(o, 'expiry', state.terms.endDate, SYSTEM_ACTOR, end) });
  }
  if (state.status === 'terminating' && state.termination) {
    const windUp = state.obligations.filter((o) => o.kind === 'windUp');
    if (windUp.length > 0 && windUp.every((o) => o.status !== 'open')) {
      const at = outOfForceAt(state.termination);
      events.push({ at, order: 5, apply: (o) => closeIfWoundUp(o, Math.max(at, o.state.updatedAt)) });
    }
  }
  return events;
}

function reminderEvents(state: ArrangementState): TimeEvent[] {
  const pending = pendingReminders(state);
  return pending.map(({ obligation, step, key }) => ({
    at: step.at,
    order: 10,
    // Catching up after the workflow was not running (a worker outage), only the latest due step of
    // an obligation goes out: three stale emails at once would bury the one that matters.
    apply: (o, now) =>
      pending.some((p) => p.obligation.id === obligation.id && p.step.at > step.at && p.step.at <= now)
        ? withNotificationSkipped(o, key)
        : withNotification(o, reminderNotification(o.state, obligation, step, key)),
  }));
}

function nextEvent(state: ArrangementState): TimeEvent | undefined {
  const all = [...lifecycleEvents(state), ...reminderEvents(state)];
  return all.sort((a, b) => a.at - b.at || a.order - b.order)[0];
}

/** The most events one tick will process; a guard against a rule that failed to make progress. */
const MAX_EVENTS_PER_TICK = 10_000;

/**
 * Applies everything time causes up to `now`, in order (§13.4): consultation lapses, start, each financial
 * year's obligations, review, expiry, closure, and every due reminder not yet sent. A workflow that slept
 * past several instants catches them all up here.
 */
export function tick(state: ArrangementState, now: number): { state: ArrangementState; effects: Effect[] } {
  let outcome = outcomeOf(state);
  for (let i = 0; i < MAX_EVENTS_PER_TICK; i += 1) {
    const event = nextEvent(outcome.state);
    if (!event || event.at > now) break;
    const before = outcome.state;
    outcome = event.apply(outcome, now);
    if (outcome.state === before) break;
  }
  if (outcome.state !== state) outcome = withState(outcome, { updatedAt: Math.max(state.updatedAt, now) });
  return { state: outcome.state, effects: outcome.effects };
}

/** The earliest instant at which `tick` would do something, or undefined when nothing is scheduled. */
export function nextWakeAt(state: ArrangementState): number | undefined {
  return nextEvent(state)?.at;
}
