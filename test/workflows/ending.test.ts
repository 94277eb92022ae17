/**
 * How an arrangement ends (section31.md §11): the Regional Office withdraws its approval, the agreed
 * duration expires, or a partner gives notice under the termination clause (reg 7(3)(f), 9(3)(f)).
 * Each then winds up and closes, keeping the s31(5) liability note. Uses the lead-commissioning fixture
 * (Riverside PCT delegates commissioning to Northshire County Council; RO approve mode), active from
 * 1 Apr 2040; set-up runs on 2 Jan 2040 at 12:00.
 */
import type { Activities } from '../../activities/activities';
import { englandMidnight } from '../../domain';
import type { ArrangementState, ArrangementTerms, Command, WindUpItemId } from '../../domain';
import { officerOf, PARTNERS, RO_OFFICER } from '../domain/fixtures';
import {
  act,
  dayOf,
  eventually,
  leadCommissioningTermsForFinancialYear,
  recordingActivities,
  refusalOf,
  runUntilActive,
  sentFor,
  stateOf,
  timeSkippingEnvPerTest,
  withArrangement,
  type ArrangementUnderTest,
} from '../helpers/arrangements';
import { skipTo } from '../helpers/temporal';
import { whyWaitingQuery } from '../../workflows/contract';
import { recordHistoryFixture } from '../helpers/history-fixtures';

const env = timeSkippingEnvPerTest('2040-01-02T12:00');
const county = officerOf(PARTNERS.county.id);
const contacts = [PARTNERS.pct.contactOfficer.email, PARTNERS.county.contactOfficer.email];
const chiefs = [PARTNERS.pct.chiefOfficer.email, PARTNERS.county.chiefOfficer.email];
const roOfficer = leadCommissioningTermsForFinancialYear(2040).regionalOffice.officer.email;
/** No pooled fund, so the pool-only items (final return, its audit, surplus or deficit) are not opened. */
const WIND_UP_ITEMS = ['windUp:finalQuarterlyReport', 'windUp:finalAnnualReport', 'windUp:staff', 'windUp:liabilityNote'];

const obligationStatus = (state: ArrangementState, id: string) => state.obligations.find((o) => o.id === id)?.status;
const windUp = (state: ArrangementState) => state.obligations.filter((o) => o.kind === 'windUp');

/** Records every open wind-up item as done, as the county's officer; returns the last command's status. */
async function completeWindUp({ handle }: ArrangementUnderTest): Promise<string | undefined> {
  let status: string | undefined;
  for (const o of windUp(await stateOf(handle)).filter((x) => x.status === 'open')) {
    const itemId = o.id.replace('windUp:', '') as WindUpItemId;
    status = (await act(handle, { command: { type: 'completeWindUpItem', itemId, documentRef: `${itemId}.pdf` }, actor: county })).status;
  }
  return status;
}

/** Runs `fn` on an active arrangement with these terms. */
function withActiveArrangement(terms: ArrangementTerms, activities: Activities, fn: (a: ArrangementUnderTest) => Promise<void>) {
  return withArrangement(env(), activities, terms, async (arrangement) => {
    await runUntilActive(env(), arrangement);
    await fn(arrangement);
  });
}

describe('ending an arrangement (time-skipping server)', () => {
  test('when the Regional Office withdraws its approval with reasons, then the arrangement is terminating with its wind-up due and everyone is told', async () => {
    const activities = recordingActivities();
    const reason = 'The council no longer has a lead commissioner in post.';
    await withActiveArrangement(leadCommissioningTermsForFinancialYear(2040), activities, async ({ handle, ref }) => {
      await skipTo(env(), '2040-06-10T12:00');
      // Without reasons (what the API's schema would reject; the domain re-checks it).
      expect(await refusalOf(act(handle, { command: { type: 'withdrawApproval' } as Command, actor: RO_OFFICER }))).toMatchObject({
        code: 'reasonRequired',
        citation: expect.stringContaining('EN 239'),
      });
      expect((await stateOf(handle)).status).toBe('active');

      expect((await act(handle, { command: { type: 'withdrawApproval', reason }, actor: RO_OFFICER })).status).toBe('terminating');
      const state = await stateOf(handle);
      expect(state.termination).toMatchObject({ cause: 'withdrawal', terminationDate: '2040-06-10', byActorId: RO_OFFICER.id, reason });
      expect(state.regionalOffice).toMatchObject({ outcome: 'withdrawn', reasons: reason });
      // Wind-up is due 90 days after 10 Jun 2040 (windUpDays): 8 Sep 2040.
      expect(windUp(state).map((o) => [o.id, o.dueDate, o.status])).toEqual(WIND_UP_ITEMS.map((id) => [id, '2040-09-08', 'open']));
      // The review, the end date and every period not complete by 10 Jun are replaced by the wind-up.
      for (const id of ['reviewDate:2041-09-30', 'durationEnd:2043-03-31', 'quarterlyReport:2040Q1', 'annualReport:2040']) {
        expect([id, obligationStatus(state, id)]).toEqual([id, 'cancelled']);
      }
      expect(state.liabilityNote).toMatchObject({ periodFrom: '2040-04-01', periodTo: '2040-06-10' });
      expect(await handle.query(whyWaitingQuery)).toMatchObject({
        blockingCondition: expect.stringMatching(/^The arrangement ends on 2040-06-10\. Wind-up items outstanding: /),
        terminationDate: '2040-06-10',
        nextDeadline: { dueDate: '2040-09-08' },
      });
      await eventually(() =>
        expect(sentFor(activities.sent, ref).filter((s) => s.kind === 'withdrawal')).toEqual([
          { key: 'withdrawal:1', kind: 'withdrawal', on: '2040-06-10', to: [...contacts, ...chiefs, roOfficer] },
        ]),
      );
      expect(activities.sent.find((s) => s.notification.kind === 'withdrawal')?.notification).toMatchObject({
        reasons: reason,
        dueDate: '2040-09-08',
      });
      await recordHistoryFixture(handle, 'withdrawal');
    });
  });

  test('when the agreed duration runs out, then END reminders precede it, it terminates on the end date and closes with the liability note once wound up', async () => {
    const activities = recordingActivities();
    // A one-year arrangement: 1 Apr 2040 to 31 Mar 2041, reviewed 30 Sep 2040.
    const terms = leadCommissioningTermsForFinancialYear(2040, { endDate: '2041-03-31', reviewDate: '2040-09-30' });
    await withActiveArrangement(terms, activities, async (arrangement) => {
      const { handle, ref } = arrangement;
      await skipTo(env(), '2041-03-31T12:00');
      const ending = await stateOf(handle);
      expect(ending.status).toBe('terminating');
      expect(ending.termination).toMatchObject({ cause: 'expiry', terminationDate: '2041-03-31', byActorId: 'system' });
      expect(ending.audit.find((a) => a.action === 'durationExpired')).toMatchObject({
        actorId: 'system',
        at: englandMidnight('2041-03-31'),
      });
      expect(obligationStatus(ending, 'durationEnd:2041-03-31')).toBe('done');

      // END reminders before 31 Mar 2041: -180 days = 2 Oct 2040, -90 = 31 Dec 2040, -30 = 1 Mar 2041.
      const sent = sentFor(activities.sent, ref);
      expect(sent.filter((s) => s.key.startsWith('durationEnd:'))).toEqual([
        { key: 'durationEnd:2041-03-31:END-180', kind: 'reminder', step: 'END-180', on: '2040-10-02', to: contacts },
        { key: 'durationEnd:2041-03-31:END-90', kind: 'reminder', step: 'END-90', on: '2040-12-31', to: contacts },
        { key: 'durationEnd:2041-03-31:END-30', kind: 'reminder', step: 'END-30', on: '2041-03-01', to: contacts },
      ]);
      expect(sent.filter((s) => s.key === 'notice:1')).toEqual([
        { key: 'notice:1', kind: 'notice', on: '2041-03-31', to: [...contacts, ...chiefs, roOfficer] },
      ]);

      await skipTo(env(), '2041-04-15T12:00');
      expect(await completeWindUp(arrangement)).toBe('closed');
      const final = await handle.result();
      expect(final.status).toBe('closed');
      expect(dayOf(final.closedAt ?? 0)).toBe('2041-04-15');
      expect(final.audit.at(-1)).toMatchObject({ action: 'windUpComplete', actorId: 'system' });
      // s31(5): the PCT stays liable for the functions it delegated, for the whole period.
      expect(final.liabilityNote).toEqual({
        citation: 'Health Act 1999 s31(5) [V]; EN 240 [V]',
        statements: [
          {
            delegatorId: PARTNERS.pct.id,
            delegateId: PARTNERS.county.id,
            functionIds: ['nhs.learningDisabilityHealth', 'nhs.communityHealth'],
            text: expect.stringMatching(/^Riverside Primary Care Trust remains liable .* delegated to Northshire County Council\.$/),
          },
        ],
        recordedAt: expect.any(Number),
        periodFrom: '2040-04-01',
        periodTo: '2041-03-31',
      });
      expect(final.obligations.filter((o) => o.status === 'open')).toEqual([]);
      await recordHistoryFixture(handle, 'expiry-and-wind-up');
    });
  });

  test("when a partner gives notice, then the arrangement ends after the agreement's notice period and closes when that last day ends, once wound up", async () => {
    const activities = recordingActivities();
    const terms = leadCommissioningTermsForFinancialYear(2040, { terminationNoticeDays: 60 });
    await withActiveArrangement(terms, activities, async (arrangement) => {
      const { handle, ref } = arrangement;
      await skipTo(env(), '2040-05-10T12:00');
      const reason = 'Services move to a Care Trust';
      expect((await act(handle, { command: { type: 'giveNotice', reason }, actor: county })).status).toBe('terminating');
      const state = await stateOf(handle);
      // 60 days from 10 May 2040 is 9 Jul 2040; wind-up 90 days later, 7 Oct 2040.
      expect(state.termination).toMatchObject({ cause: 'notice', terminationDate: '2040-07-09', byPartnerId: PARTNERS.county.id, reason });
      expect(windUp(state).map((o) => o.dueDate)).toEqual(WIND_UP_ITEMS.map(() => '2040-10-07'));
      // The quarter ending 30 Jun falls inside the notice period and is still reported; the next is not.
      expect(obligationStatus(state, 'quarterlyReport:2040Q1')).toBe('open');
      expect(obligationStatus(state, 'quarterlyReport:2040Q2')).toBe('cancelled');
      await eventually(() =>
        expect(activities.sent.find((s) => s.notification.key === `${ref}:notice:1`)?.notification).toMatchObject({
          kind: 'notice',
          subject: `Arrangement ${ref} is ending on 2040-07-09`,
          dueDate: '2040-10-07',
          reasons: reason,
        }),
      );

      // Wound up early, the arrangement still runs to its termination date.
      await skipTo(env(), '2040-06-01T12:00');
      expect(await completeWindUp(arrangement)).toBe('terminating');
      expect(await handle.query(whyWaitingQuery)).toMatchObject({
        status: 'terminating',
        blockingCondition: 'The arrangement ends on 2040-07-09.',
      });

      const final = await handle.result();
      expect(final.status).toBe('closed');
      // 2040-07-09 is the last day in force, so it closes as that day ends.
      expect(dayOf(final.closedAt ?? 0)).toBe('2040-07-10');
      expect(final.liabilityNote?.periodTo).toBe('2040-07-09');
      await recordHistoryFixture(handle, 'notice');
    });
  });

  test('when notice would run past the end date, then the arrangement ends on its end date', async () => {
    const terms = leadCommissioningTermsForFinancialYear(2040, {
      endDate: '2041-03-31',
      reviewDate: '2040-09-30',
      terminationNoticeDays: 60,
    });
    await withActiveArrangement(terms, recordingActivities(), async ({ handle }) => {
      // 60 days from 1 Mar 2041 would be 30 Apr 2041, after the end date of 31 Mar 2041.
      await skipTo(env(), '2041-03-01T12:00');
      await act(handle, { command: { type: 'giveNotice' }, actor: county });
      expect((await stateOf(handle)).termination).toMatchObject({ cause: 'notice', terminationDate: '2041-03-31' });
    });
  });
});
