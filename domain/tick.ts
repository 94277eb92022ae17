import type { ArrangementState } from './arrangement-state';
import type { TimeEvent } from './command-spec';
import { stageEvents } from './command-registry';
import type { Effect } from './notifications';
import { outcomeOf, withNotification, withNotificationSkipped, withState } from './outcome';
import { pendingReminders, reminderNotification } from './reminders';

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
  const all = [...stageEvents(state), ...reminderEvents(state)];
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
