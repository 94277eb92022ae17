import { auditEntry, type ArrangementState } from './arrangement-state';
import type { Actor } from './actors';
import { resolveRecipients, type Effect, type Notification } from './notifications';
import type { RecipientRole } from './policy';
import { leadDaysOf } from './reminders';

/** A new state plus the effects the caller must carry out. */
export interface Outcome {
  state: ArrangementState;
  effects: Effect[];
}

/** Starts an outcome from a state with no effects. */
export function outcomeOf(state: ArrangementState): Outcome {
  return { state, effects: [] };
}

/** Adds a notification effect once per key, recording the key so it is never emitted twice. */
export function withNotification(outcome: Outcome, notification: Notification): Outcome {
  if (outcome.state.sentNotificationKeys.includes(notification.key)) return outcome;
  const recorded = { ...outcome.state, sentNotificationKeys: [...outcome.state.sentNotificationKeys, notification.key] };
  // With nobody to tell, the key is still recorded so the step counts as done.
  if (notification.recipients.length === 0) return { ...outcome, state: recorded };
  return { state: recorded, effects: [...outcome.effects, { kind: 'notify', notification }] };
}

/** Records a notification key as dealt with, without sending it (a reminder overtaken by a later one). */
export function withNotificationSkipped(outcome: Outcome, key: string): Outcome {
  if (outcome.state.sentNotificationKeys.includes(key)) return outcome;
  return { ...outcome, state: { ...outcome.state, sentNotificationKeys: [...outcome.state.sentNotificationKeys, key] } };
}

/** Appends an audit entry. */
export function withAudit(
  outcome: Outcome,
  actor: Actor,
  action: string,
  at: number,
  extra: { reason?: string; details?: Record<string, unknown> } = {},
): Outcome {
  return { ...outcome, state: { ...outcome.state, audit: [...outcome.state.audit, auditEntry(actor, action, at, extra)] } };
}

/** Replaces part of the state. */
export function withState(outcome: Outcome, patch: Partial<ArrangementState>): Outcome {
  return { ...outcome, state: { ...outcome.state, ...patch } };
}

/** Builds an event notification to people resolved by role from the terms in force. */
export function eventNotification(
  state: ArrangementState,
  fields: Omit<Notification, 'arrangementRef' | 'recipients'>,
  roles: RecipientRole[],
): Notification {
  const leadDays = fields.dueDate === undefined ? undefined : leadDaysOf(state.policy.reminderLadder);
  return {
    partnerNames: state.terms.partners.map((p) => p.name),
    ...(leadDays === undefined ? {} : { leadDays }),
    ...fields,
    arrangementRef: state.ref,
    recipients: resolveRecipients(state.terms, roles),
  };
}

/** Adds an event notification to people resolved by role from the outcome's own state (the terms in force after the change). */
export function withEventNotification(
  outcome: Outcome,
  fields: Omit<Notification, 'arrangementRef' | 'recipients'>,
  roles: RecipientRole[],
): Outcome {
  return withNotification(outcome, eventNotification(outcome.state, fields, roles));
}
