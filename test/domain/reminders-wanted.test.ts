import { decide, isNotificationStillWanted, tick, type Notification } from '../../domain';
import { at, driveToStatus, officerOf, PARTNERS } from './fixtures';

/** The fixture in `agreementExecuted`, ticked to the day notification falls due (2001-03-02), with the reminder that tick sends. */
function dueToday() {
  const executed = driveToStatus('agreementExecuted');
  const { state, effects } = tick(executed, at('2001-03-02'));
  const reminder = effects.map((e) => e.notification).find((n) => n.key === 'ARR-2001-001:notifyBeforeStart:v1:D0');
  if (!reminder) throw new Error('no due-today reminder');
  return { state, reminder };
}

describe('a reminder is wanted only while its duty is open (issue 10)', () => {
  test('when the notification is still to be submitted, then its due-today reminder is wanted and names its obligation', () => {
    const { state, reminder } = dueToday();
    expect(reminder.obligationId).toBe('notifyBeforeStart:v1');
    expect(isNotificationStillWanted(state, reminder)).toBe(true);
  });

  test('when the partners submit the notification, then its reminder is no longer wanted', () => {
    const { state, reminder } = dueToday();
    const decision = decide(state, { type: 'submitNotification', formRef: 'NOTIF-1' }, officerOf(PARTNERS.ha.id), at('2001-03-02') + 1);
    if (!decision.ok) throw new Error(decision.refusal.code);
    expect(isNotificationStillWanted(decision.state, reminder)).toBe(false);
  });

  test('when the arrangement is abandoned, then no reminder of it is wanted, but its other notifications are', () => {
    const { state, reminder } = dueToday();
    const decision = decide(state, { type: 'abandon' }, officerOf(PARTNERS.ha.id), at('2001-03-02') + 1);
    if (!decision.ok) throw new Error(decision.refusal.code);
    expect(isNotificationStillWanted(decision.state, reminder)).toBe(false);
    const notice: Notification = { ...reminder, key: 'ARR-2001-001:statusChange:1', kind: 'statusChange', obligationId: undefined };
    expect(isNotificationStillWanted(decision.state, notice)).toBe(true);
  });
});
