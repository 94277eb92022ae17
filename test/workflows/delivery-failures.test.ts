/**
 * Notifications that cannot be delivered never block the lifecycle (style §3 practice 8): a permanent
 * failure (a non-retryable `undeliverableRecipient` ApplicationFailure from the mail activity) is
 * recorded on the arrangement and in its audit trail; a transient one (a plain Error) is retried.
 * Uses the pooled-fund fixture of 2040/41 (notify-and-acknowledge gate); set-up on 2 Jan 2040 at 12:00.
 */
import { ApplicationFailure } from '@temporalio/common';
import { commandsToReachReady, officerOf, PARTNERS } from '../domain/fixtures';
import {
  act,
  actAll,
  dayOf,
  eventually,
  flakyActivities,
  sentFor,
  stateOf,
  termsForFinancialYear,
  timeSkippingEnvPerTest,
  waitForState,
  withArrangement,
} from '../helpers/arrangements';
import { skipTo } from '../helpers/temporal';
import { recordHistoryFixture } from '../helpers/history-fixtures';

const env = timeSkippingEnvPerTest('2040-01-02T12:00');
const terms = termsForFinancialYear(2040);
const partnerContacts = terms.partners.map((p) => p.contactOfficer.email);

describe('delivery failures (time-skipping server)', () => {
  test("when the Regional Office's decision cannot be delivered, then the failure is on record and the arrangement still starts and sends later reminders", async () => {
    const error = '550 5.1.1 Mailbox unavailable';
    const flaky = flakyActivities((n) =>
      n.kind === 'roDecision' ? ApplicationFailure.nonRetryable(error, 'undeliverableRecipient') : undefined,
    );
    await withArrangement(env(), flaky.activities, terms, async ({ handle, ref }) => {
      expect((await actAll(handle, commandsToReachReady(terms)))?.status).toBe('ready');

      const state = await waitForState(handle, (s) => s.failures.length > 0);
      // Without details naming the refused addresses, every recipient of the notification is recorded.
      const failure = { key: `${ref}:roDecision:1`, recipient: partnerContacts.join(', '), error };
      expect(state.failures).toEqual([{ at: expect.any(Number), ...failure }]);
      expect(state.audit.at(-1)).toMatchObject({ action: 'deliveryFailed', actorId: 'system', details: failure });
      expect(state.status).toBe('ready');
      // Non-retryable: tried once, never delivered.
      expect(flaky.attempts.filter((a) => a.key === failure.key).map((a) => a.attempt)).toEqual([1]);
      expect(sentFor(flaky.sent, ref).some((s) => s.kind === 'roDecision')).toBe(false);

      await skipTo(env(), '2040-04-01T00:01');
      await waitForState(handle, (s) => s.status === 'active');
      // The first quarterly report is due 27 Jul 2040; its R0 reminder goes to the pool manager on 13 Jul.
      await skipTo(env(), '2040-07-14');
      expect(sentFor(flaky.sent, ref).filter((s) => s.key.startsWith('quarterlyReport:2040Q1'))).toEqual([
        { key: 'quarterlyReport:2040Q1:R0', kind: 'reminder', step: 'R0', on: '2040-07-13', to: [terms.pooledFund!.poolManager.email] },
      ]);
      await recordHistoryFixture(handle, 'delivery-failure');
    });
  });

  test('when the mail server refuses one address of a reminder, then only that address is recorded and the next reminder still goes out', async () => {
    const refused = PARTNERS.trust.contactOfficer.email;
    const flaky = flakyActivities((n) =>
      n.ladderStep === 'R0'
        ? ApplicationFailure.nonRetryable(`cannot be delivered to ${refused}`, 'undeliverableRecipient', {
            key: n.key,
            refused: [{ email: refused, reason: '550 5.1.1' }],
          })
        : undefined,
    );
    await withArrangement(env(), flaky.activities, terms, async ({ handle, ref }) => {
      await act(handle, { command: { type: 'submitProposal' }, actor: officerOf(PARTNERS.ha.id) });
      // The consultation closes on 26 Mar 2040 (12 weeks): R0 on 12 Mar fails, R1 on 23 Mar is delivered.
      await skipTo(env(), '2040-03-24');
      const state = await stateOf(handle);
      expect(state.failures).toEqual([
        {
          at: expect.any(Number),
          key: `${ref}:consultationClose:proposal1:R0`,
          recipient: refused,
          error: `cannot be delivered to ${refused}`,
        },
      ]);
      expect(dayOf(state.failures[0]!.at)).toBe('2040-03-12');
      expect(state.status).toBe('consultationOpen');
      expect(sentFor(flaky.sent, ref).filter((s) => s.key.startsWith('consultationClose:'))).toEqual([
        { key: 'consultationClose:proposal1:R1', kind: 'reminder', step: 'R1', on: '2040-03-23', to: partnerContacts },
      ]);
    });
  });

  test('when the first attempt to send fails with a transient error, then the notification is retried and delivered once, with no failure on record', async () => {
    const flaky = flakyActivities((n, { attempt }) =>
      n.kind === 'roDecision' && attempt === 1 ? new Error('connect ECONNREFUSED 127.0.0.1:25') : undefined,
    );
    await withArrangement(env(), flaky.activities, terms, async ({ handle, ref }) => {
      await actAll(handle, commandsToReachReady(terms));
      // Let the retry policy's backoff (5 s initial interval) pass.
      await env().sleep('1 minute');
      await eventually(() => expect(sentFor(flaky.sent, ref).filter((s) => s.kind === 'roDecision')).toHaveLength(1));

      const tries = flaky.attempts.filter((a) => a.key === `${ref}:roDecision:1`);
      // Tried once in the worker (PATCHES.sendLocallyFirst), then by the activity, whose retry delivers it.
      expect(tries.map(({ local, attempt }) => ({ local, attempt }))).toEqual([
        { local: true, attempt: 1 },
        { local: false, attempt: 1 },
        { local: false, attempt: 2 },
      ]);
      const state = await stateOf(handle);
      expect(state.failures).toEqual([]);
      expect(state.audit.some((a) => a.action === 'deliveryFailed')).toBe(false);
    });
  });
});
