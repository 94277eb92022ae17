/**
 * The read-model write after each change of state is a local activity (PATCHES.readModelLocalWrite):
 * it costs the server no activity task and the arrangement no workflow task of its own, which is what
 * a thousand reminders due at one instant spend their time on (issue 17, B3). It still never blocks the
 * arrangement: while the database is down, actions are accepted, and the latest summary lands once it
 * is back. Uses the pooled-fund fixture of 2040/41; set-up on 2 Jan 2040 at 12:00.
 */
import type { Activities } from '../../activities/activities';
import { commandsToReachReady } from '../domain/fixtures';
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

/** The history's event types and the activity types it scheduled on the server. */
async function historyOf(handle: Parameters<Parameters<typeof withArrangement>[3]>[0]['handle']) {
  const events = (await handle.fetchHistory()).events ?? [];
  return {
    scheduled: events.flatMap((e) =>
      e.activityTaskScheduledEventAttributes ? [e.activityTaskScheduledEventAttributes.activityType?.name] : [],
    ),
    localActivityMarkers: events.filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity').length,
  };
}

describe('read-model writes (time-skipping server)', () => {
  test('when an arrangement is driven to ready, then every summary is written by a local activity, with no activity task on the server', async () => {
    const recording = recordingActivities();
    await withArrangement(env(), recording, terms, async ({ handle, ref }) => {
      const final = await actAll(handle, commandsToReachReady(terms));
      expect(final?.status).toBe('ready');
      await eventually(() => expect(recording.summaries.at(-1)).toMatchObject({ ref, status: 'ready' }));

      const revisions = recording.summaries.map((s) => s.revision);
      expect(revisions).toEqual([...revisions].sort((a, b) => a - b));
      expect(recording.summaries[0]?.status).toBe('draft');
      const history = await historyOf(handle);
      // The notifications are still activities on the server (retried for a week, heartbeating).
      expect(history.scheduled).not.toContain('projectSummary');
      expect(history.scheduled).toContain('sendNotification');
      expect(history.localActivityMarkers).toBe(recording.summaries.length);
      await recordHistoryFixture(handle, 'ready-read-model-local-write');
    });
  });

  test('when the read model cannot be written for a while, then actions are still accepted and the latest summary lands once it can', async () => {
    const recording = recordingActivities();
    let down = true;
    let refused = 0;
    const activities: Activities = {
      ...recording,
      projectSummary(summary) {
        if (down) {
          refused += 1;
          return Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432'));
        }
        return recording.projectSummary(summary);
      },
    };
    await withArrangement(env(), activities, terms, async ({ handle, ref }) => {
      const final = await actAll(handle, commandsToReachReady(terms));
      expect(final?.status).toBe('ready');
      expect(refused).toBeGreaterThan(0);
      expect(recording.summaries).toEqual([]);

      down = false;
      // Retries beyond the local threshold wait on server timers: let the server's clock run.
      await env().sleep('1 hour');
      await eventually(() => expect(recording.summaries.at(-1)).toMatchObject({ ref, status: 'ready' }));
      expect((await historyOf(handle)).scheduled).not.toContain('projectSummary');
      await recordHistoryFixture(handle, 'read-model-outage-local-write');
    });
  });
});
