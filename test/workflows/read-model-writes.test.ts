/**
 * The read-model write after each change of state is a local activity (PATCHES.readModelLocalWrite):
 * it costs the server no activity task and the arrangement no workflow task of its own, which is what
 * a thousand reminders due at one instant spend their time on (issue 17, B3). It is tried once: a write
 * that fails is handed to the activity the server retries, so it still never blocks the arrangement and
 * an outage adds nothing to the history while it lasts. Uses the pooled-fund fixture of 2040/41; set-up
 * on 2 Jan 2040 at 12:00.
 */
import type { Activities } from '../../activities/activities';
import { commandsToReachReady } from '../domain/fixtures';
import { activitiesOfHistory as historyOf } from '../helpers/activities-of-history';
import { recordHistoryFixture } from '../helpers/history-fixtures';
import {
  actAll,
  eventually,
  recordingActivities,
  termsForFinancialYear,
  timeSkippingEnvPerTest,
  withArrangement,
} from '../helpers/arrangements';

const env = timeSkippingEnvPerTest('2040-01-02T12:00');
const terms = termsForFinancialYear(2040);

/**
 * The summary of the highest revision, which is the one the read model keeps: retried writes complete
 * in any order, so the last to arrive may be an older one.
 */
const latestOf = <T extends { revision: number }>(summaries: readonly T[]): T | undefined =>
  summaries.reduce<T | undefined>((latest, s) => (latest === undefined || s.revision > latest.revision ? s : latest), undefined);

describe('read-model writes (time-skipping server)', () => {
  test('when an arrangement is driven to ready, then every summary is written by a local activity, with no activity task on the server', async () => {
    const recording = recordingActivities();
    await withArrangement(env(), recording, terms, async ({ handle, ref }) => {
      const final = await actAll(handle, commandsToReachReady(terms));
      expect(final?.status).toBe('ready');
      await eventually(() => expect(latestOf(recording.summaries)).toMatchObject({ ref, status: 'ready' }));

      const revisions = recording.summaries.map((s) => s.revision);
      expect(revisions).toEqual([...revisions].sort((a, b) => a - b));
      expect(recording.summaries[0]?.status).toBe('draft');
      const history = await historyOf(handle);
      expect(history.scheduled).not.toContain('projectSummary');
      expect(history.local.filter((t) => t === 'projectSummary')).toHaveLength(recording.summaries.length);
      await recordHistoryFixture(handle, 'ready-read-model-local-write');
    });
  });

  test('when the read model is down for hours, then actions are accepted, the history does not grow with the outage, and the latest summary lands once it is back', async () => {
    const recording = recordingActivities();
    let down = true;
    const activities: Activities = {
      ...recording,
      projectSummary(summary) {
        if (down) return Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432'));
        return recording.projectSummary(summary);
      },
    };
    await withArrangement(env(), activities, terms, async ({ handle, ref }) => {
      const final = await actAll(handle, commandsToReachReady(terms));
      expect(final?.status).toBe('ready');
      expect(recording.summaries).toEqual([]);
      const during = await historyOf(handle);
      // Each write was tried once in the worker, then handed to the activity the server retries.
      const localWrites = during.local.filter((t) => t === 'projectSummary').length;
      expect(localWrites).toBeGreaterThan(0);
      expect(during.scheduled.filter((t) => t === 'projectSummary')).toHaveLength(localWrites);

      // Once the notifications' sends have completed, six more hours of retries (every ten minutes at
      // most) add nothing to the history: a local write retried in the workflow added events each time.
      await env().sleep('10 minutes');
      const settled = (await historyOf(handle)).events;
      await env().sleep('6 hours');
      expect((await historyOf(handle)).events).toBe(settled);

      down = false;
      await env().sleep('15 minutes');
      await eventually(() => expect(latestOf(recording.summaries)).toMatchObject({ ref, status: 'ready' }));
      await recordHistoryFixture(handle, 'read-model-outage-local-write');
    });
  });
});
