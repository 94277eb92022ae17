/**
 * One digest run (issue 15 §2), started by a Temporal Schedule each day and each week
 * (`worker/digest-schedules.ts`): it asks the `sendDigests` activity to send every waiting person
 * their digest for this period. The period comes from the workflow's start, so a second run for the
 * same period (a schedule catching up, someone triggering it by hand) sends nothing again: the
 * activity claims each person's period in the PostgreSQL sent-log.
 */
import * as wf from '@temporalio/workflow';
import type { DigestActivities, DigestCadence, DigestRunReport } from '../activities/digests';

const { sendDigests } = wf.proxyActivities<DigestActivities>({
  startToCloseTimeout: '10 minutes',
  // A mail outage: keep retrying for the rest of the day; those sent already are not sent again.
  scheduleToCloseTimeout: '20 hours',
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

/** Input of a digest run: which digest. */
export interface DigestRunInput {
  cadence: DigestCadence;
}

/** Sends the digests of `cadence` for the period the run starts in; returns what it did. */
export async function digestWorkflow(input: DigestRunInput): Promise<DigestRunReport> {
  // Date.now() in a workflow is the (replay-safe) time of its first task: the schedule's firing time.
  return sendDigests({ cadence: input.cadence, at: Date.now() });
}
