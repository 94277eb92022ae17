/**
 * The Regional Office's clock (issue 12 §2): its response target in working days on the England and Wales
 * calendar, stopped while it waits for information it asked for, and the same target for a material
 * variation once it is ready for its answer, escalating to the Regional Office's named manager.
 */
import {
  decide,
  DEFAULT_POLICY,
  regionalOfficeWait,
  pendingReminders,
  reminderNotification,
  tick,
  whyWaiting,
  type Actor,
  type ArrangementState,
  type Command,
} from '../../domain';
import { at, driveToActive, driveToStatus, officerOf, PARTNERS, RO_OFFICER, validLeadCommissioningTerms } from './fixtures';

const county = officerOf(PARTNERS.county.id);
const lead = validLeadCommissioningTerms();
const noon = (date: string) => at(date) + 12 * 3_600_000;

function accept(state: ArrangementState, command: Command, actor: Actor, now: number): ArrangementState {
  const decision = decide(state, command, actor, now);
  if (!decision.ok) throw new Error(`${command.type} refused: ${decision.refusal.code} ${decision.refusal.message}`);
  return decision.state;
}

/** Executed and notified on `date` at noon, under the working-day clock (the rule the workflow adopts behind its patch) or the one before. */
function notifiedOn(date: string, clock: 'workingDays' | 'calendarDays' = 'workingDays'): ArrangementState {
  const executed = driveToStatus('agreementExecuted', lead, at('2000-11-01'));
  const state = clock === 'workingDays' ? { ...executed, regionalOfficeClock: 'workingDays' as const } : executed;
  return accept(state, { type: 'submitNotification', formRef: 'NOTIF-1' }, county, noon(date));
}

const roResponse = (state: ArrangementState) => state.obligations.find((o) => o.id === 'roResponse:v1');

describe("the Regional Office's response clock", () => {
  test('when a notification goes in on Friday 1 Dec 2000, then the Regional Office answers 20 working days later, skipping Christmas and New Year: 3 Jan 2001', () => {
    const state = notifiedOn('2000-12-01');
    expect(roResponse(state)).toMatchObject({ dueDate: '2001-01-03', citation: expect.stringContaining('working days') });
    // Before the working-day clock: 30 calendar days.
    expect(roResponse(notifiedOn('2000-12-01', 'calendarDays'))?.dueDate).toBe('2000-12-31');
  });

  test('when the Regional Office asks for information, then its clock stops (no reminders) and restarts when answered: the due date moves by the working days stopped', () => {
    // Notified Monday 5 Feb 2001: due Monday 5 Mar 2001 (20 working days, no bank holiday between).
    let state = notifiedOn('2001-02-05');
    expect(roResponse(state)?.dueDate).toBe('2001-03-05');
    state = accept(state, { type: 'requestInformation', question: 'Who manages the budget?' }, RO_OFFICER, noon('2001-02-12'));
    expect(roResponse(state)).toMatchObject({ dueDate: '2001-03-05', clockStoppedOn: '2001-02-12' });
    expect(whyWaiting(state, noon('2001-02-12')).blockingCondition).toContain('response clock is stopped');

    // Stopped past its old due date and all its steps: nothing is sent while the Regional Office waits.
    state = tick(state, noon('2001-04-10')).state;
    expect(state.sentNotificationKeys.filter((k) => k.includes('roResponse'))).toEqual([]);
    expect(pendingReminders(state).filter((r) => r.obligation.id === 'roResponse:v1')).toEqual([]);

    // Answered Tuesday 10 Apr 2001. When it stopped on 12 Feb, 15 working days were left (13 Feb to 5 Mar);
    // they run again from the answer: 10 Apr + 15 working days, skipping Good Friday 13 Apr and Easter
    // Monday 16 Apr, is 3 May 2001.
    const decision = decide(state, { type: 'provideInformation', answer: 'The Head of Joint Commissioning' }, county, noon('2001-04-10'));
    if (!decision.ok) throw new Error(decision.refusal.message);
    state = decision.state;
    expect(roResponse(state)).toMatchObject({ dueDate: '2001-05-03', dueAt: at('2001-05-04') });
    expect(roResponse(state)?.clockStoppedOn).toBeUndefined();
    expect(decision.effects.map((e) => e.notification.summary)).toEqual([expect.stringContaining('now due by 2001-05-03')]);
    // The reminders run again, on the new dates.
    expect(
      pendingReminders(state)
        .filter((r) => r.obligation.id === 'roResponse:v1')
        .map((r) => r.step.step),
    ).toEqual(['R0', 'R1', 'D0', 'E1', 'E2', 'E3']);
  });

  test('when the Regional Office asks twice, then the clock restarts only once both questions are answered', () => {
    let state = notifiedOn('2001-02-05');
    state = accept(state, { type: 'requestInformation', question: 'Who manages the budget?' }, RO_OFFICER, noon('2001-02-12'));
    state = accept(state, { type: 'requestInformation', question: 'Which services?' }, RO_OFFICER, noon('2001-02-13'));
    expect(roResponse(state)?.clockStoppedOn).toBe('2001-02-12');
    state = accept(state, { type: 'provideInformation', answer: 'The Head of Joint Commissioning' }, county, noon('2001-02-14'));
    expect(roResponse(state)).toMatchObject({ dueDate: '2001-03-05', clockStoppedOn: '2001-02-12' });
    state = accept(state, { type: 'provideInformation', answer: 'Learning disability services' }, county, noon('2001-02-19'));
    // Stopped Tuesday 13 to Monday 19 Feb: 5 working days, so due Monday 12 Mar instead of Monday 5 Mar.
    expect(roResponse(state)).toMatchObject({ dueDate: '2001-03-12' });
  });

  test('when the question comes after the target has passed, or under the calendar-day clock, then the due date stays', () => {
    let late = notifiedOn('2001-02-05');
    late = accept(tick(late, noon('2001-03-07')).state, { type: 'requestInformation', question: 'Why?' }, RO_OFFICER, noon('2001-03-07'));
    expect(roResponse(late)?.clockStoppedOn).toBeUndefined();
    let calendar = notifiedOn('2001-02-05', 'calendarDays');
    calendar = accept(calendar, { type: 'requestInformation', question: 'Why?' }, RO_OFFICER, noon('2001-02-12'));
    calendar = accept(calendar, { type: 'provideInformation', answer: 'Because' }, county, noon('2001-02-19'));
    expect(roResponse(calendar)).toMatchObject({ dueDate: '2001-03-07' });
    expect(roResponse(calendar)?.clockStoppedOn).toBeUndefined();
  });
});

describe('a material variation under the working-day clock and the signing rule', () => {
  const manager = { name: 'Rita Manager', email: 'rita.manager@ro.example.org.uk' };
  const managed = { ...lead, regionalOffice: { ...lead.regionalOffice, manager } };
  const withPool = {
    ...managed,
    types: [...managed.types, 'pooledFund' as const],
    pooledFund: {
      hostPartnerId: PARTNERS.county.id,
      poolManager: PARTNERS.county.contactOfficer,
      contributions: [{ partnerId: PARTNERS.county.id, financialYear: 2002, amountPence: 450_000_00, kind: 'revenue' as const }],
    },
  };
  const adopted = (): ArrangementState => ({
    ...tick(driveToActive(managed), noon('2002-01-07')).state,
    regionalOfficeClock: 'workingDays',
    materialVariationSigned: true,
  });
  const pct = officerOf(PARTNERS.pct.id);

  test('when it is proposed, then the Regional Office has 20 working days to answer, and its overdue steps reach its named manager', () => {
    // Proposed Monday 7 Jan 2002 (no consultation or consent needed): due Monday 4 Feb 2002.
    const state = accept(adopted(), { type: 'proposeVariation', terms: withPool }, county, noon('2002-01-07'));
    const obligation = state.obligations.find((o) => o.id === 'roResponse:variation1');
    expect(obligation).toMatchObject({ kind: 'roResponse', variationId: 'variation1', dueDate: '2002-02-04', status: 'open' });
    const e1 = pendingReminders(state).find((r) => r.obligation.id === 'roResponse:variation1' && r.step.step === 'E1');
    expect(e1?.step.at).toBe(at('2002-02-05'));
    expect(e1 && reminderNotification(state, e1.obligation, e1.step, e1.key).recipients.map((r) => r.email)).toEqual([
      lead.regionalOffice.officer.email,
      manager.email,
    ]);
  });

  test('when the Regional Office approves, then the old terms stay in force until every partner has signed the varied agreement', () => {
    let state = accept(adopted(), { type: 'proposeVariation', terms: withPool }, county, noon('2002-01-07'));
    const early = decide(state, { type: 'signVariation' }, pct, noon('2002-01-08'));
    expect(early.ok ? undefined : early.refusal.code).toBe('variationAwaitsRegionalOffice');

    state = accept(state, { type: 'decideVariation', decision: 'approve' }, RO_OFFICER, noon('2002-01-10'));
    expect(state.obligations.find((o) => o.id === 'roResponse:variation1')?.status).toBe('done');
    expect(state).toMatchObject({ version: 1, variation: { signing: { regionalOffice: { outcome: 'approved' }, signatures: [] } } });
    expect(state.terms.pooledFund).toBeUndefined();
    expect(whyWaiting(state, noon('2002-01-10'))).toMatchObject({
      blockingCondition: expect.stringContaining('awaits the signatures of Riverside Primary Care Trust, Northshire County Council'),
      whoMustAct: [PARTNERS.pct.name, PARTNERS.county.name],
    });
    const again = decide(state, { type: 'decideVariation', decision: 'approve' }, RO_OFFICER, noon('2002-01-11'));
    expect(again.ok ? undefined : again.refusal.code).toBe('variationAwaitsSignatures');

    state = accept(state, { type: 'signVariation' }, pct, noon('2002-01-14'));
    const twice = decide(state, { type: 'signVariation' }, pct, noon('2002-01-14'));
    expect(twice.ok ? undefined : twice.refusal.code).toBe('alreadySigned');
    expect(state.version).toBe(1);

    state = accept(state, { type: 'signVariation' }, county, noon('2002-01-15'));
    expect(state.version).toBe(2);
    expect(state.variation).toBeUndefined();
    expect(state.terms.pooledFund?.hostPartnerId).toBe(PARTNERS.county.id);
    expect(state.audit.at(-1)).toMatchObject({ action: 'variationTookEffect', details: { how: 'approved', version: 2 } });
  });

  test('when the Regional Office asks about the variation, then its clock stops until the partners answer and the due date moves by the working days stopped', () => {
    let state = accept(adopted(), { type: 'proposeVariation', terms: withPool }, county, noon('2002-01-07'));
    // Asked on Monday 14 Jan 2002 (15 working days left to Monday 4 Feb), answered on Monday 21 Jan: due Monday 11 Feb.
    state = accept(state, { type: 'requestInformation', question: 'Who hosts the pool?' }, RO_OFFICER, noon('2002-01-14'));
    expect(state.obligations.find((o) => o.id === 'roResponse:variation1')).toMatchObject({ clockStoppedOn: '2002-01-14' });
    expect(whyWaiting(state, noon('2002-01-15'))).toMatchObject({
      blockingCondition: expect.stringContaining('asked about variation variation1: Who hosts the pool?'),
      whoMustAct: [PARTNERS.pct.name, PARTNERS.county.name],
    });
    const decision = decide(state, { type: 'provideInformation', answer: 'The county council' }, pct, noon('2002-01-21'));
    if (!decision.ok) throw new Error(decision.refusal.message);
    expect(decision.state.obligations.find((o) => o.id === 'roResponse:variation1')).toMatchObject({ dueDate: '2002-02-11' });
    expect(decision.state.variation?.informationRequests).toEqual([expect.objectContaining({ answer: 'The county council' })]);
    expect(decision.effects.map((e) => e.notification.key)).toEqual([`${state.ref}:informationProvided:variation1.1`]);
  });

  test('when a minor variation is agreed, or a variation was proposed before the signing rule, then it takes effect at its decision', () => {
    const minor = accept(adopted(), { type: 'proposeVariation', patch: { aims: ['A new aim'] } }, county, noon('2002-01-07'));
    expect(minor.variation?.signing).toBeUndefined();
    expect(accept(minor, { type: 'decideVariation', decision: 'approve' }, pct, noon('2002-01-08')).version).toBe(2);

    const before = tick(driveToActive(managed), noon('2002-01-07')).state;
    const material = accept(before, { type: 'proposeVariation', terms: withPool }, county, noon('2002-01-07'));
    expect(material.obligations.some((o) => o.id === 'roResponse:variation1')).toBe(false);
    expect(accept(material, { type: 'decideVariation', decision: 'approve' }, RO_OFFICER, noon('2002-01-08')).version).toBe(2);
  });
});

describe("the Regional Office's wait, as its home shows it", () => {
  test('when a notification sent before Christmas is read in the new year, then bank holidays and weekends are not waited, and it is overdue only past its target', () => {
    // Sent Friday 18 Dec 2026; 25 and 28 Dec and 1 Jan 2027 are bank holidays in England and Wales.
    expect(regionalOfficeWait('2026-12-18', '2027-01-19', '2027-01-04', DEFAULT_POLICY)).toEqual({
      waiting: 8,
      target: 19,
      overdue: false,
    });
    expect(regionalOfficeWait('2026-12-18', '2027-01-19', '2027-01-19', DEFAULT_POLICY)).toEqual({
      waiting: 19,
      target: 19,
      overdue: false,
    });
    expect(regionalOfficeWait('2026-12-18', '2027-01-19', '2027-01-20', DEFAULT_POLICY)).toEqual({
      waiting: 20,
      target: 19,
      overdue: true,
    });
  });
});
