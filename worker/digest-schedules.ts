/**
 * The Temporal Schedules that start the digest runs (issue 15 §2): daily at 07:00 and weekly on
 * Monday at 07:00, England's time. Created at worker start-up, idempotently: a schedule that exists
 * already (another worker, an earlier start) is left as it is. Schedules, not a timer in a process,
 * so a run happens once per period however many workers run, and a run missed while everything was
 * down is caught up (within a day) when Temporal is back.
 */
import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import type { DigestCadence } from '../activities/digests';

/** The schedule id of each digest cadence, in a namespace with one hapa deployment per task queue. */
export const digestScheduleId = (cadence: DigestCadence, taskQueue: string): string => `hapa-digest-${cadence}-${taskQueue}`;

/** Creates the daily and weekly digest schedules unless they exist; returns the ids of those it created. */
export async function ensureDigestSchedules(client: Client, taskQueue: string): Promise<string[]> {
  const created: string[] = [];
  for (const cadence of ['daily', 'weekly'] as const) {
    const scheduleId = digestScheduleId(cadence, taskQueue);
    try {
      await client.schedule.create({
        scheduleId,
        spec: {
          calendars: [{ hour: 7, minute: 0, ...(cadence === 'weekly' ? { dayOfWeek: 'MONDAY' as const } : {}) }],
          timezone: 'Europe/London',
        },
        action: { type: 'startWorkflow', workflowType: 'digestWorkflow', args: [{ cadence }], taskQueue },
        // One run at a time, and a run missed during an outage of less than a day still happens.
        policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
      });
      created.push(scheduleId);
    } catch (err) {
      if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    }
  }
  return created;
}
