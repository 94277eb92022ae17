/**
 * The limit B3 is measured against (issue 17): the least a workflow woken at an instant can do.
 * Started with `startDelay` like B3's arrangements, it first runs when the delay ends, schedules
 * one activity that only tells the benchmark it ran, and completes. Bundled by `limit-worker.ts`.
 */
import { proxyActivities } from '@temporalio/workflow';

/** The limit's one activity. */
export interface LimitActivities {
  /** POSTs an empty body to `reportUrl`/<workflow id>, so the benchmark times its run. */
  reportRan(reportUrl: string): Promise<void>;
}

/** Input of `limitWorkflow`. */
export interface LimitWorkflowInput {
  /** Where the activity reports (the benchmark's HTTP listener on 127.0.0.1). */
  readonly reportUrl: string;
}

const { reportRan } = proxyActivities<LimitActivities>({ startToCloseTimeout: '1 minute' });

/** Runs the one activity, then completes. */
export async function limitWorkflow(input: LimitWorkflowInput): Promise<void> {
  await reportRan(input.reportUrl);
}
