/**
 * A notification is sent by a local activity first (PATCHES.sendLocallyFirst): in the worker, with no
 * activity task on the server and no workflow task of its own once it has gone out, which is what a
 * thousand reminders due at one instant spent their time on (issue 17, B3). A send that fails for now is
 * handed to the activity the server retries for a week; a refusal for good is recorded at once, as
 * before. Uses the pooled-fund fixture of 2040/41; set-up on 2 Jan 2040 at 12:00.
 */
import { ApplicationFailure } from '@temporalio/common';
import { commandsToReachReady } from '../domain/fixtures';
import { activitiesOfHistory as historyOf } from '../helpers/activities-of-history';
import { recordHistoryFixture } from '../helpers/history-fixtures';
import {
  actAll,
  eventually,
  flakyActivities,
  sentFor,
  termsForFinancialYear,
  timeSkippingEnvPerTest,
  waitForState,
  withArrangement,
} from '../helpers/arrangements';

const env = timeSkippingEnvPerTest('2040-01-02T12:00');
const terms = termsForFinancialYear(2040);

describe('sending locally first (time-skipping server)', () => {
  test('when an arrangement is driven to ready, then every notification goes out by a local activity, with no activity task on the server', async () => {
    const sends = flakyActivities(() => undefined);
    await withArrangement(env(), sends.activities, terms, async ({ handle, ref }) => {
      expect((await actAll(handle, commandsToReachReady(terms)))?.status).toBe('ready');
      await eventually(() => expect(sentFor(sends.sent, ref).some((s) => s.kind === 'roDecision')).toBe(true));

      expect(sends.attempts.length).toBeGreaterThan(0);
      expect(sends.attempts.every((a) => a.local && a.attempt === 1)).toBe(true);
      // Each notification once.
      expect(new Set(sends.attempts.map((a) => a.key)).size).toBe(sends.attempts.length);
      const history = await historyOf(handle);
      expect(history.scheduled).not.toContain('sendNotification');
      expect(history.local.filter((t) => t === 'sendNotification')).toHaveLength(sends.attempts.length);
      await recordHistoryFixture(handle, 'ready-send-locally-first');
    });
  });

  test('when the mail server is away at the first try, then each notification is handed to the activity and goes out once it is back', async () => {
    let away = true;
    const sends = flakyActivities((_n, { local }) => (away || local ? new Error('connect ECONNREFUSED 127.0.0.1:25') : undefined));
    await withArrangement(env(), sends.activities, terms, async ({ handle, ref }) => {
      expect((await actAll(handle, commandsToReachReady(terms)))?.status).toBe('ready');
      expect(sentFor(sends.sent, ref).length).toBe(0);
      const keys = [...new Set(sends.attempts.map((a) => a.key))];
      // Tried once in the worker each, then by the activity the server retries.
      for (const key of keys) expect(sends.attempts.filter((a) => a.key === key && a.local)).toHaveLength(1);
      await eventually(async () =>
        expect((await historyOf(handle)).scheduled.filter((t) => t === 'sendNotification')).toHaveLength(keys.length),
      );

      away = false;
      await env().sleep('15 minutes');
      await eventually(() => expect(sentFor(sends.sent, ref).length).toBe(keys.length));
      expect(sends.attempts.filter((a) => !a.local).length).toBeGreaterThan(keys.length);
      await recordHistoryFixture(handle, 'send-locally-first-smtp-away');
    });
  });

  test('when the mail server refuses a recipient for good at the first try, then the failure is recorded and the activity is not tried', async () => {
    const error = '550 5.1.1 Mailbox unavailable';
    const sends = flakyActivities((n) =>
      n.kind === 'roDecision' ? ApplicationFailure.nonRetryable(error, 'undeliverableRecipient') : undefined,
    );
    await withArrangement(env(), sends.activities, terms, async ({ handle, ref }) => {
      expect((await actAll(handle, commandsToReachReady(terms)))?.status).toBe('ready');
      const state = await waitForState(handle, (s) => s.failures.length > 0);
      expect(state.failures).toEqual([expect.objectContaining({ key: `${ref}:roDecision:1`, error })]);
      expect(sends.attempts.filter((a) => a.key === `${ref}:roDecision:1`)).toEqual([
        { key: `${ref}:roDecision:1`, local: true, attempt: 1 },
      ]);
      expect((await historyOf(handle)).scheduled).not.toContain('sendNotification');
    });
  });
});
