import {
  createArrangement,
  daysOf,
  englandDateOf,
  decide,
  nextWakeAt,
  reminderStepsFor,
  tick,
  toDateString,
  type ArrangementState,
  type Notification,
} from '../../domain';
import {
  PARTNERS,
  applyAll,
  at,
  commandsToReachReady,
  endOf,
  driveToActive,
  driveToReady,
  driveToStatus,
  officerOf,
  validTerms,
} from './fixtures';

const county = officerOf(PARTNERS.county.id);

/** Ticks from wake-up to wake-up until `until`, collecting notifications with the instant they were emitted. */
function runUntil(state: ArrangementState, until: number): { state: ArrangementState; sent: { at: string; notification: Notification }[] } {
  const sent: { at: string; notification: Notification }[] = [];
  let current = state;
  for (let wake = nextWakeAt(current); wake !== undefined && wake <= until; wake = nextWakeAt(current)) {
    const result = tick(current, wake);
    sent.push(...result.effects.map((e) => ({ at: englandDateOf(wake), notification: e.notification })));
    current = result.state;
  }
  return { state: current, sent };
}

describe('tick: reminder ladder', () => {
  test('when a quarterly report is never filed, then the ladder fires at exact instants with escalating recipients', () => {
    const { sent } = runUntil(driveToActive(), at('2001-12-31'));
    const steps = sent.filter((s) => s.notification.key.startsWith('ARR-2001-001:quarterlyReport:2001Q1:'));
    expect(steps.map((s) => [s.at, s.notification.ladderStep, s.notification.kind])).toEqual([
      ['2001-07-13', 'R0', 'reminder'],
      ['2001-07-24', 'R1', 'reminder'],
      ['2001-07-27', 'D0', 'dueToday'],
      ['2001-07-28', 'E1', 'overdue'],
      ['2001-08-10', 'E2', 'overdue'],
      ['2001-08-26', 'E3', 'overdue'],
    ]);
    const emails = steps.map((s) => s.notification.recipients.map((r) => r.email));
    expect(emails[0]).toEqual(['paula.pool@cc.example.org.uk']);
    expect(emails[3]).toEqual(['paula.pool@cc.example.org.uk', 'cara.contact@cc.example.org.uk']);
    expect(emails[4]).toHaveLength(6); // pool manager, host contact officer, four chief officers
    expect(emails[5]).toContain('rory.regional@ro.example.org.uk');
    expect(steps[0]?.notification).toMatchObject({
      dueDate: '2001-07-27',
      subject: expect.stringContaining('Quarterly report for 2001Q1'),
    });
  });

  test('when the report is filed after R1, then the ladder stops', () => {
    const { state } = runUntil(driveToActive(), at('2001-07-24'));
    const filed = decide(state, { type: 'fileQuarterlyReport', period: '2001Q1' }, county, at('2001-07-25'));
    if (!filed.ok) throw new Error(filed.refusal.code);
    const { sent } = runUntil(filed.state, at('2001-12-31'));
    expect(sent.filter((s) => s.notification.key.includes('2001Q1'))).toEqual([]);
  });

  test('when the workflow sleeps past several instants, then one tick catches up once, sending only the latest step of the ladder', () => {
    const first = tick(driveToActive(), at('2001-09-01'));
    const q1 = first.effects.map((e) => e.notification.key).filter((k) => k.includes('2001Q1'));
    expect(q1).toEqual(['ARR-2001-001:quarterlyReport:2001Q1:E3']);
    expect(first.state.sentNotificationKeys).toEqual(
      expect.arrayContaining(['R0', 'R1', 'D0', 'E1', 'E2'].map((s) => `ARR-2001-001:quarterlyReport:2001Q1:${s}`)),
    );
    expect(tick(first.state, at('2001-09-01')).effects).toEqual([]);
    expect(nextWakeAt(first.state)).toBeGreaterThan(at('2001-09-01'));
  });

  test('when listing the review reminders, then they are −90, −30, −7 and the due-day and overdue steps', () => {
    const state = driveToActive();
    const review = state.obligations.find((o) => o.kind === 'reviewDate');
    if (!review) throw new Error('no review obligation');
    expect(reminderStepsFor(review, state.policy, daysOf(state)).map((s) => [s.step, englandDateOf(s.at)])).toEqual([
      ['RV-90', '2002-07-02'],
      ['RV-30', '2002-08-31'],
      ['RV-7', '2002-09-23'],
      ['D0', '2002-09-30'],
      ['E1', '2002-10-01'],
      ['E2', '2002-10-14'],
      ['E3', '2002-10-30'],
    ]);
  });
});

describe('tick: time-caused transitions', () => {
  test('when the consultation close date passes, then it lapses as a system event', () => {
    const open = driveToStatus('consultationOpen');
    expect(toDateString(nextWakeAt(open) ?? 0)).toBe('2001-02-09'); // R0 of the close date
    const { state, effects } = tick(open, at('2001-03-01'));
    expect(state.status).toBe('consultationClosed');
    expect(state.consultation).toMatchObject({ closedHow: 'lapsed', closedAt: endOf('2001-02-23') });
    expect(state.audit.find((a) => a.action === 'consultationLapsed')).toMatchObject({
      actorId: 'system',
      role: 'system',
      at: endOf('2001-02-23'),
      details: { missingGroups: ['service users', 'carers'] },
    });
    // R0 (02-09) was overtaken by R1 (02-20) before this late tick: only R1 goes out, then the closure notice.
    expect(effects.map((e) => [e.notification.kind, e.notification.ladderStep])).toEqual([
      ['reminder', 'R1'],
      ['statusChange', undefined],
    ]);
  });

  test('when the start date is reached, then a ready arrangement becomes active with its first year planned', () => {
    const ready = driveToReady();
    expect(tick(ready, at('2001-03-31')).state.status).toBe('ready');
    const active = tick(ready, at('2001-04-01')).state;
    expect(active.status).toBe('active');
    expect(active.activatedAt).toBe(at('2001-04-01'));
    expect(active.reports.plannedFinancialYears).toEqual([2001]);
    expect(active.obligations.filter((o) => o.kind === 'quarterlyReport').map((o) => o.id)).toEqual(
      ['2001Q1', '2001Q2', '2001Q3', '2001Q4'].map((q) => `quarterlyReport:${q}`),
    );
  });

  test('when a gate passes after the start date, then the next tick activates it at once', () => {
    // Proposed before the start date; everything after the proposal happens late, on 10 May 2001.
    const [proposal, ...rest] = commandsToReachReady(validTerms());
    const proposed = applyAll(
      createArrangement({ ref: 'ARR-LATE', terms: validTerms() }, proposal!.actor, at('2001-03-01')),
      [proposal!],
      at('2001-03-01'),
    );
    const late = applyAll(proposed, rest, at('2001-05-10'));
    expect(nextWakeAt(late)).toBe(at('2001-04-01'));
    expect(tick(late, at('2001-05-10')).state.status).toBe('active');
  });

  test('when a tick catches up past several steps of one obligation (a worker outage), then only the latest due step is sent, once', () => {
    const active = driveToActive();
    const q1 = active.obligations.find((o) => o.id === 'quarterlyReport:2001Q1')!;
    const ofQ1 = (effects: { notification: Notification }[]) =>
      effects.filter((e) => e.notification.key.includes(':quarterlyReport:2001Q1:')).map((e) => e.notification.ladderStep);
    // R0 (-14), R1 (-3), D0 (0) and E1 (+1 day) are all due by now; E2 (+14) is not.
    const caughtUp = tick(active, at(q1.dueDate) + 2 * 86_400_000);
    expect(ofQ1(caughtUp.effects)).toEqual(['E1']);
    expect(ofQ1(tick(caughtUp.state, at(q1.dueDate) + 13 * 86_400_000).effects)).toEqual([]);
    expect(ofQ1(tick(caughtUp.state, at(q1.dueDate) + 14 * 86_400_000).effects)).toEqual(['E2']);
  });

  test('when the review date is reached, then the arrangement is under review', () => {
    const { state } = runUntil(driveToActive(), at('2002-09-30'));
    expect(state.status).toBe('active');
    expect(state.review).toEqual({ dueDate: '2002-09-30', openedAt: at('2002-09-30') });
  });

  test('when the end date is reached, then the arrangement starts terminating by expiry', () => {
    const state = tick(driveToActive(), at('2004-03-31')).state;
    expect(state.status).toBe('terminating');
    expect(state.termination).toMatchObject({ cause: 'expiry', terminationDate: '2004-03-31' });
    expect(state.obligations.find((o) => o.kind === 'durationEnd')?.status).toBe('done');
  });
});
