import { daysOf, decide, englandDateOf, nextWakeAt, tick, type ArrangementState, type Command } from '../../domain';
import { PARTNERS, driveToReady, officerOf } from './fixtures';

/** Walks a whole life by decide + tick: files each duty on its due date, two reviews continue, the third lapses into expiry. */
function liveThreeYears(): { state: ArrangementState; reminderKeys: string[] } {
  let state = driveToReady();
  const officer = officerOf(PARTNERS.county.id);
  const reminderKeys: string[] = [];
  const act = (command: Command, now: number): void => {
    const decision = decide(state, command, officer, now);
    if (!decision.ok) throw new Error(`${command.type}: ${decision.refusal.code}`);
    state = decision.state;
  };
  for (let i = 0; i < 1000 && state.status !== 'closed'; i += 1) {
    const wake = nextWakeAt(state);
    if (wake === undefined) break;
    const result = tick(state, wake);
    state = result.state;
    reminderKeys.push(...result.effects.map((e) => e.notification.key));
    for (const o of state.obligations.filter((x) => x.status === 'open' && daysOf(state).startOf(x.dueDate) <= wake)) {
      const [kind, period = ''] = o.id.split(':');
      if (kind === 'quarterlyReport') act({ type: 'fileQuarterlyReport', period }, wake);
      if (kind === 'annualReport') act({ type: 'fileAnnualReport', financialYear: Number(period) }, wake);
      if (kind === 'annualReturn') act({ type: 'submitAnnualReturn', financialYear: Number(period) }, wake);
      if (kind === 'auditCertification') act({ type: 'certifyAudit', financialYear: Number(period) }, wake);
      if (kind === 'windUp') act({ type: 'completeWindUpItem', itemId: period as never }, wake);
    }
    if (state.review?.dueDate === '2002-09-30') act({ type: 'completeReview', outcome: 'continue', nextReviewDate: '2003-09-30' }, wake);
    if (state.review?.dueDate === '2003-09-30') act({ type: 'completeReview', outcome: 'continue', nextReviewDate: '2004-03-01' }, wake);
  }
  return { state, reminderKeys };
}

describe('a three-year pooled fund life', () => {
  const { state, reminderKeys } = liveThreeYears();

  test('when the arrangement runs 2001-04-01 to 2004-03-31, then every obligation has the expected due date and outcome', () => {
    expect(state.obligations.map((o) => `${o.id} ${o.dueDate} ${o.status}`)).toEqual([
      'consultationClose:proposal1 2001-02-23 done',
      'haConsent:trust-city:ha-northshire 2000-12-29 done',
      'notifyBeforeStart:v1 2001-03-02 done',
      'roResponse:v1 2000-12-31 done',
      'reviewDate:2002-09-30 2002-09-30 done',
      'durationEnd:2004-03-31 2004-03-31 done',
      'quarterlyReport:2001Q1 2001-07-27 done',
      'quarterlyReport:2001Q2 2001-10-26 done',
      'quarterlyReport:2001Q3 2002-01-29 done',
      'quarterlyReport:2001Q4 2002-04-29 done',
      'annualReport:2001 2002-06-30 done',
      'annualReturn:2001 2002-06-30 done',
      'auditCertification:2001 2002-09-30 done',
      'quarterlyReport:2002Q1 2002-07-26 done',
      'quarterlyReport:2002Q2 2002-10-28 done',
      'quarterlyReport:2002Q3 2003-01-29 done',
      'quarterlyReport:2002Q4 2003-04-30 done',
      'annualReport:2002 2003-06-30 done',
      'annualReturn:2002 2003-06-30 done',
      'auditCertification:2002 2003-09-30 done',
      'reviewDate:2003-09-30 2003-09-30 done',
      'quarterlyReport:2003Q1 2003-07-28 done',
      'quarterlyReport:2003Q2 2003-10-28 done',
      'quarterlyReport:2003Q3 2004-01-29 done',
      // The last period ends on the termination date, so the final wind-up items replace it.
      'quarterlyReport:2003Q4 2004-04-30 cancelled',
      'annualReport:2003 2004-06-30 cancelled',
      'annualReturn:2003 2004-06-30 cancelled',
      'auditCertification:2003 2004-09-30 cancelled',
      'reviewDate:2004-03-01 2004-03-01 cancelled',
      'windUp:finalQuarterlyReport 2004-06-29 done',
      'windUp:finalAnnualReport 2004-06-29 done',
      'windUp:finalAnnualReturn 2004-06-29 done',
      'windUp:finalAuditCertification 2004-06-29 done',
      'windUp:surplusDeficit 2004-06-29 done',
      'windUp:staff 2004-06-29 done',
      'windUp:liabilityNote 2004-06-29 done',
    ]);
  });

  test('when the life ends, then the arrangement is closed on the wind-up date and the trail tells the story', () => {
    expect(state.status).toBe('closed');
    expect(englandDateOf(state.closedAt ?? 0)).toBe('2004-06-29');
    const system = state.audit.filter((a) => a.role === 'system').map((a) => a.action);
    expect(system).toEqual([
      'responsesConsidered',
      'preconditionsMet',
      'agreementExecuted',
      'startDateReached',
      'financialYearStarted',
      'reviewDateReached',
      'financialYearStarted',
      'reviewDateReached',
      'reviewDateReached',
      'durationExpired',
      'windUpComplete',
    ]);
    expect(nextWakeAt(state)).toBeUndefined();
  });

  test('when duties are done on their due date, then no overdue escalation is ever sent except for the lapsed review', () => {
    const overdue = reminderKeys.filter((k) => /:E[123]$/.test(k));
    expect(overdue).toEqual(['ARR-2001-001:reviewDate:2004-03-01:E1', 'ARR-2001-001:reviewDate:2004-03-01:E2']);
    expect(new Set(reminderKeys).size).toBe(reminderKeys.length);
  });
});
