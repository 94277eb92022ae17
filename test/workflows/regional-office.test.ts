/**
 * The Regional Office gate on the time-skipping server. Most tests use the lead-commissioning
 * fixture (Riverside PCT delegates commissioning to Northshire County Council, reg 9) whose RO
 * approves or refuses with reasons (EN 239, approve mode); the last uses notify-and-acknowledge
 * (HSC 2000/010 para 11). The notification goes in on Monday 2 Jan 2040 at 12:00 unless a test says otherwise,
 * so the RO's response target (roResponseWorkingDays = 20, working days on the England and Wales calendar;
 * 2 Jan 2040 is itself the New Year bank holiday) is Monday 30 Jan 2040.
 */
import type { Command } from '../../domain';
import { commandsToReachReady, officerOf, PARTNERS, RO_OFFICER } from '../domain/fixtures';
import {
  act,
  actAll,
  eventually,
  leadCommissioningTermsForFinancialYear,
  recordingActivities,
  refusalOf,
  sentFor,
  stateOf,
  stepsBefore,
  stepsFrom,
  timeSkippingEnvPerTest,
  withArrangement,
} from '../helpers/arrangements';
import { skipTo } from '../helpers/temporal';
import { whyWaitingQuery } from '../../workflows/contract';
import { recordHistoryFixture } from '../helpers/history-fixtures';

const env = timeSkippingEnvPerTest('2040-01-02T12:00');
const terms = leadCommissioningTermsForFinancialYear(2040);
/** Everything up to and including submitNotification: the arrangement is then notified. */
const toNotified = stepsBefore(commandsToReachReady(terms), 'approve');
const county = officerOf(PARTNERS.county.id);
const partnerContacts = [PARTNERS.pct.contactOfficer.email, PARTNERS.county.contactOfficer.email];
const partnerChiefs = [PARTNERS.pct.chiefOfficer.email, PARTNERS.county.chiefOfficer.email];
const roOfficer = terms.regionalOffice.officer.email;
const refusalReasons = 'The agreement does not say how the council will report on the delegated NHS functions.';

describe('Regional Office gate (time-skipping server)', () => {
  test('when the Regional Office approves, then the arrangement is ready and every partner is told', async () => {
    const activities = recordingActivities();
    await withArrangement(env(), activities, terms, async ({ handle, ref }) => {
      expect((await actAll(handle, toNotified))?.status).toBe('notified');
      expect(await handle.query(whyWaitingQuery)).toMatchObject({
        blockingCondition: "Awaiting the Regional Office's decision.",
        whoMustAct: ['northWest Regional Office'],
        rule: expect.stringContaining('EN 239'),
        nextDeadline: { obligationId: 'roResponse:v1', dueDate: '2040-01-30' },
      });

      expect((await act(handle, { command: { type: 'approve' }, actor: RO_OFFICER })).status).toBe('ready');
      const state = await stateOf(handle);
      expect(state.regionalOffice).toMatchObject({ mode: 'approve', outcome: 'approved', decidedByActorId: RO_OFFICER.id });
      expect(state.obligations.find((o) => o.id === 'roResponse:v1')?.status).toBe('done');
      expect((await handle.query(whyWaitingQuery)).blockingCondition).toBe('The arrangement starts on 2040-04-01.');
      await eventually(() =>
        expect(sentFor(activities.sent, ref).filter((s) => s.kind === 'notificationSubmitted' || s.kind === 'roDecision')).toEqual([
          { key: 'notificationSubmitted:1', kind: 'notificationSubmitted', on: '2040-01-02', to: [roOfficer] },
          { key: 'roDecision:1', kind: 'roDecision', on: '2040-01-02', to: partnerContacts },
        ]),
      );
    });
  });

  test('when the Regional Office refuses without reasons, then the update is refused citing EN 239 and nothing changes', async () => {
    await withArrangement(env(), recordingActivities(), terms, async ({ handle }) => {
      await actAll(handle, toNotified);
      const before = await stateOf(handle);
      // No reason (the API's schema stops this; the domain re-checks it) and a blank one (the schema lets it through).
      for (const command of [{ type: 'refuse' } as Command, { type: 'refuse', reason: '   ' } as const]) {
        const refusal = await refusalOf(act(handle, { command, actor: RO_OFFICER }));
        expect(refusal).toMatchObject({
          type: 'reasonRequired',
          code: 'reasonRequired',
          citation: expect.stringContaining('EN 239'),
          path: ['reason'],
        });
      }
      const after = await stateOf(handle);
      expect(after.status).toBe('notified');
      expect(after.regionalOffice?.outcome).toBeUndefined();
      expect(after.audit).toEqual(before.audit);
    });
  });

  test("when the Regional Office refuses with reasons, then the arrangement is roRefused and every partner's contact officer receives the reasons", async () => {
    const activities = recordingActivities();
    await withArrangement(env(), activities, terms, async ({ handle, ref }) => {
      await actAll(handle, toNotified);
      expect((await act(handle, { command: { type: 'refuse', reason: refusalReasons }, actor: RO_OFFICER })).status).toBe('roRefused');

      const state = await stateOf(handle);
      expect(state.regionalOffice).toMatchObject({ outcome: 'refused', reasons: refusalReasons, decidedByActorId: RO_OFFICER.id });
      expect(state.audit.at(-1)).toMatchObject({
        action: 'refuse',
        actorId: RO_OFFICER.id,
        role: 'regionalOfficeOfficer',
        reason: refusalReasons,
      });
      expect(await handle.query(whyWaitingQuery)).toMatchObject({
        blockingCondition: expect.stringContaining(refusalReasons),
        whoMustAct: [PARTNERS.pct.name, PARTNERS.county.name],
      });
      await eventually(() =>
        expect(activities.sent.map((s) => s.notification)).toContainEqual(expect.objectContaining({ kind: 'roDecision' })),
      );
      const decision = activities.sent.find((s) => s.notification.kind === 'roDecision')!.notification;
      expect(decision).toMatchObject({ key: `${ref}:roDecision:1`, reasons: refusalReasons, citation: expect.stringContaining('EN 239') });
      expect(decision.recipients).toEqual([
        { ...PARTNERS.pct.contactOfficer, role: 'partnerContacts' },
        { ...PARTNERS.county.contactOfficer, role: 'partnerContacts' },
      ]);
    });
  });

  test('when the partners resubmit revised terms after a refusal, then version 2 goes back through the agreement and a fresh notification', async () => {
    const activities = recordingActivities();
    const revised = { ...terms, aims: [...terms.aims, 'Quarterly reports on delegated NHS functions to the PCT board'] };
    await withArrangement(env(), activities, terms, async ({ handle, ref }) => {
      await actAll(handle, toNotified);
      await skipTo(env(), '2040-01-10T12:00');
      await act(handle, { command: { type: 'refuse', reason: refusalReasons }, actor: RO_OFFICER });

      await skipTo(env(), '2040-01-20T12:00');
      expect(await act(handle, { command: { type: 'resubmit', terms: revised }, actor: county })).toMatchObject({
        status: 'agreementDrafting',
        version: 2,
      });
      const drafting = await stateOf(handle);
      // New terms mean a new text: the checklist and signatures start again; the old notification is gone.
      expect(drafting.agreement).toEqual({ version: 2, checklist: [], signatures: [] });
      expect(drafting.notification).toBeUndefined();
      expect(drafting.terms.aims).toEqual(revised.aims);

      const again = stepsFrom(commandsToReachReady(revised), 'markChecklistItem', 'approve');
      expect((await actAll(handle, again))?.status).toBe('notified');
      // Version 2's response target: 20 working days from Friday 20 Jan 2040 is Friday 17 Feb 2040.
      expect((await handle.query(whyWaitingQuery)).nextDeadline).toEqual({
        obligationId: 'roResponse:v2',
        title: expect.any(String),
        dueDate: '2040-02-17',
      });

      expect(await act(handle, { command: { type: 'approve' }, actor: RO_OFFICER })).toMatchObject({ status: 'ready', version: 2 });
      await eventually(() =>
        expect(sentFor(activities.sent, ref).filter((s) => s.kind === 'notificationSubmitted' || s.kind === 'roDecision')).toEqual([
          { key: 'notificationSubmitted:1', kind: 'notificationSubmitted', on: '2040-01-02', to: [roOfficer] },
          { key: 'roDecision:1', kind: 'roDecision', on: '2040-01-10', to: partnerContacts },
          { key: 'notificationSubmitted:2', kind: 'notificationSubmitted', on: '2040-01-20', to: [roOfficer] },
          { key: 'roDecision:2', kind: 'roDecision', on: '2040-01-20', to: partnerContacts },
        ]),
      );
      expect((await stateOf(handle)).obligations.filter((o) => o.kind === 'roResponse').map((o) => [o.id, o.status])).toEqual([
        ['roResponse:v1', 'done'],
        ['roResponse:v2', 'done'],
      ]);
      await recordHistoryFixture(handle, 'ro-refusal-and-resubmission');
    });
  });

  test('when the Regional Office asks for information, then the partners are asked, its clock stops (no reminders) and restarts when they answer: the due date moves by the working days stopped', async () => {
    const activities = recordingActivities();
    const question = 'Which council officer will manage the delegated commissioning budget?';
    await withArrangement(env(), activities, terms, async ({ handle, ref }) => {
      await actAll(handle, toNotified);
      expect(await refusalOf(act(handle, { command: { type: 'provideInformation', answer: 'Unasked' }, actor: county }))).toMatchObject({
        code: 'noInformationRequested',
      });

      // Due Monday 30 Jan 2040. The Regional Office asks on Monday 9 Jan: 15 working days are left (10 to 30 Jan).
      await skipTo(env(), '2040-01-09T12:00');
      expect((await act(handle, { command: { type: 'requestInformation', question }, actor: RO_OFFICER })).status).toBe('notified');
      expect(await handle.query(whyWaitingQuery)).toMatchObject({
        blockingCondition: `The Regional Office asked: ${question} The Regional Office's response clock is stopped until the partners answer.`,
        whoMustAct: [PARTNERS.pct.name, PARTNERS.county.name],
      });

      // The partners answer on Monday 6 Feb, after the old due date: no reminder or escalation went out meanwhile.
      await skipTo(env(), '2040-02-06T12:00');
      expect(sentFor(activities.sent, ref).filter((s) => s.key.startsWith('roResponse:'))).toEqual([]);
      await act(handle, { command: { type: 'provideInformation', answer: 'The Head of Joint Commissioning' }, actor: county });
      // Stopped 10 Jan to 6 Feb, 20 working days: the due date moves from 30 Jan to Monday 27 Feb 2040
      // (6 Feb + the 15 working days left).
      expect(await handle.query(whyWaitingQuery)).toMatchObject({
        blockingCondition: "Awaiting the Regional Office's decision.",
        whoMustAct: ['northWest Regional Office'],
        nextDeadline: { obligationId: 'roResponse:v1', dueDate: '2040-02-27' },
      });
      expect((await stateOf(handle)).regionalOffice?.informationRequests).toEqual([
        expect.objectContaining({ question, answer: 'The Head of Joint Commissioning', answeredAt: expect.any(Number) }),
      ]);
      // The reminders run again on the new dates: R0 14 days before 27 Feb.
      await skipTo(env(), '2040-02-14T12:00');
      await eventually(() =>
        expect(sentFor(activities.sent, ref).filter((s) => s.kind === 'informationRequest' || s.key.startsWith('roResponse:'))).toEqual([
          { key: 'informationRequest:1.1', kind: 'informationRequest', on: '2040-01-09', to: partnerContacts },
          { key: 'informationProvided:1.1', kind: 'informationRequest', on: '2040-02-06', to: [roOfficer] },
          { key: 'roResponse:v1:R0', kind: 'reminder', step: 'R0', on: '2040-02-13', to: [roOfficer] },
        ]),
      );
      expect(activities.sent.find((s) => s.notification.key === `${ref}:informationProvided:1.1`)?.notification.summary).toContain(
        'now due by 2040-02-27',
      );
      expect((await act(handle, { command: { type: 'approve' }, actor: RO_OFFICER })).status).toBe('ready');
      await recordHistoryFixture(handle, 'request-for-information-clock-stopped');
      await recordHistoryFixture(handle, 'request-for-information-read-model-clock-stop');
    });
  });

  test('when the Regional Office does not answer, then its response reminders escalate on their dates and stop once it decides', async () => {
    const activities = recordingActivities();
    await withArrangement(env(), activities, terms, async ({ handle, ref }) => {
      await actAll(handle, toNotified);
      // Due 30 Jan 2040. R0 -14 = 16 Jan, R1 -3 = 27 Jan, D0 = 30 Jan, E1 +1 = 31 Jan, E2 +14 = 13 Feb,
      // E3 +30 = 29 Feb. The RO approves on 20 Feb, between E2 and E3.
      await skipTo(env(), '2040-02-20T12:00');
      expect(await handle.query(whyWaitingQuery)).toMatchObject({
        whoMustAct: ['northWest Regional Office'],
        nextDeadline: { obligationId: 'roResponse:v1', dueDate: '2040-01-30' },
      });
      expect((await act(handle, { command: { type: 'approve' }, actor: RO_OFFICER })).status).toBe('ready');
      await skipTo(env(), '2040-03-10');

      // The RO has no line officer of its own here: escalation goes to the partners' contact officers
      // (who must chase it), then their chief officers.
      expect(sentFor(activities.sent, ref).filter((s) => s.key.startsWith('roResponse:'))).toEqual([
        { key: 'roResponse:v1:R0', kind: 'reminder', step: 'R0', on: '2040-01-16', to: [roOfficer] },
        { key: 'roResponse:v1:R1', kind: 'reminder', step: 'R1', on: '2040-01-27', to: [roOfficer] },
        { key: 'roResponse:v1:D0', kind: 'dueToday', step: 'D0', on: '2040-01-30', to: [roOfficer] },
        { key: 'roResponse:v1:E1', kind: 'overdue', step: 'E1', on: '2040-01-31', to: [roOfficer, ...partnerContacts] },
        { key: 'roResponse:v1:E2', kind: 'overdue', step: 'E2', on: '2040-02-13', to: [roOfficer, ...partnerContacts, ...partnerChiefs] },
      ]);
    });
  });

  test('when the start date passes before the Regional Office answers, then the partners are told once and why-waiting says what it means for them', async () => {
    const activities = recordingActivities();
    // The Regional Office names a manager: its overdue escalations reach them, not the partners.
    const managed = {
      ...terms,
      regionalOffice: { ...terms.regionalOffice, manager: { name: 'Rita Manager', email: 'rita.manager@ro.example.org.uk' } },
    };
    await withArrangement(env(), activities, managed, async ({ handle, ref }) => {
      await actAll(handle, stepsBefore(commandsToReachReady(managed), 'approve'));
      await skipTo(env(), '2040-03-31T12:00');
      expect((await stateOf(handle)).audit.some((a) => a.action === 'startDatePassedAwaitingRegionalOffice')).toBe(false);
      await skipTo(env(), '2040-04-02T12:00');
      const state = await stateOf(handle);
      expect(state.status).toBe('notified');
      // 1 Apr 2040 begins at midnight BST (23:00 UTC on 31 Mar).
      expect(state.audit.find((a) => a.action === 'startDatePassedAwaitingRegionalOffice')).toMatchObject({
        actorId: 'system',
        at: Date.parse('2040-03-31T23:00:00Z'),
      });
      expect((await handle.query(whyWaitingQuery)).blockingCondition).toBe(
        "Awaiting the Regional Office's decision. The start date 2040-04-01 has passed: the arrangement does not start until the Regional Office answers, and the partners keep running their functions as before.",
      );
      await eventually(() =>
        expect(
          sentFor(activities.sent, ref).filter((s) => s.key.startsWith('startDatePassed:') || s.key.startsWith('roResponse:v1:E')),
        ).toEqual([
          { key: 'roResponse:v1:E1', kind: 'overdue', step: 'E1', on: '2040-01-31', to: [roOfficer, 'rita.manager@ro.example.org.uk'] },
          {
            key: 'roResponse:v1:E2',
            kind: 'overdue',
            step: 'E2',
            on: '2040-02-13',
            to: [roOfficer, 'rita.manager@ro.example.org.uk', ...partnerChiefs],
          },
          {
            key: 'roResponse:v1:E3',
            kind: 'overdue',
            step: 'E3',
            on: '2040-02-29',
            to: [roOfficer, 'rita.manager@ro.example.org.uk', ...partnerChiefs],
          },
          { key: 'startDatePassed:1', kind: 'statusChange', on: '2040-04-01', to: partnerContacts },
        ]),
      );
      await recordHistoryFixture(handle, 'start-date-passed');
    });
  });

  test('when the gate is notify-and-acknowledge, then the Regional Office cannot approve or refuse, and its acknowledgement makes the arrangement ready', async () => {
    const activities = recordingActivities();
    const ackTerms = leadCommissioningTermsForFinancialYear(2040, { regionalOfficeGate: 'notifyAck' });
    await withArrangement(env(), activities, ackTerms, async ({ handle, ref }) => {
      await actAll(handle, stepsBefore(commandsToReachReady(ackTerms), 'acknowledgeReceipt'));
      expect((await handle.query(whyWaitingQuery)).blockingCondition).toBe("Awaiting the Regional Office's acknowledgement.");
      for (const command of [{ type: 'approve' as const }, { type: 'refuse' as const, reason: 'No' }]) {
        expect(await refusalOf(act(handle, { command, actor: RO_OFFICER }))).toMatchObject({
          code: 'wrongGateMode',
          citation: expect.stringContaining('HSC 2000/010'),
        });
      }

      expect((await act(handle, { command: { type: 'acknowledgeReceipt' }, actor: RO_OFFICER })).status).toBe('ready');
      expect((await stateOf(handle)).regionalOffice).toMatchObject({ mode: 'notifyAck', outcome: 'acknowledged' });
      await eventually(() => expect(activities.sent.some((s) => s.notification.key === `${ref}:roDecision:1`)).toBe(true));
      expect(activities.sent.find((s) => s.notification.key === `${ref}:roDecision:1`)?.notification.subject).toBe(
        `Regional Office acknowledged receipt of the notification (${ref})`,
      );
    });
  });
});
