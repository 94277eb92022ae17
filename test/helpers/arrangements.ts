/**
 * Drives arrangement workflows in tests: starting one, sending commands as Updates, and recording
 * what the activities were asked to send (with the server time at which each was scheduled).
 */
import { activityInfo } from '@temporalio/activity';
import type { Client, WorkflowHandle } from '@temporalio/client';
import type { Activities } from '../../activities/activities';
import type { Actor, ArrangementPolicyInput, ArrangementTerms, Notification } from '../../domain';
import type { arrangementWorkflow } from '../../workflows/arrangement-workflow';
import { arrangementWorkflowId, commandUpdate, stateQuery, type CommandResult } from '../../workflows/contract';
import { validTerms, type ScriptStep } from '../domain/fixtures';

/** A notification as the fake mailer received it. */
export interface SentNotification {
  notification: Notification;
  /** Server time (ms) at which the activity was scheduled: time skipping moves it, the wall clock doesn't. */
  scheduledAt: number;
}

/** Activities that record instead of emailing. */
export function recordingActivities(sent: SentNotification[] = []): Activities & { sent: SentNotification[] } {
  return {
    sent,
    // eslint-disable-next-line @typescript-eslint/require-await
    async sendNotification(notification) {
      sent.push({ notification, scheduledAt: activityInfo().currentAttemptScheduledTimestampMs });
      return { key: notification.key, messageId: `<${notification.key}@test>`, status: 'sent', acceptedAt: new Date().toISOString() };
    },
  };
}

/** Starts an arrangement workflow the way the API does. */
export async function startArrangement(
  client: Client,
  taskQueue: string,
  input: { ref: string; terms: ArrangementTerms; policy?: ArrangementPolicyInput },
  createdBy: Actor,
): Promise<WorkflowHandle<typeof arrangementWorkflow>> {
  return client.workflow.start<typeof arrangementWorkflow>('arrangementWorkflow', {
    taskQueue,
    workflowId: arrangementWorkflowId(input.ref),
    args: [{ create: input, createdBy }],
  });
}

/** Sends one command as an Update and returns its result. */
export function act(handle: WorkflowHandle, step: ScriptStep): Promise<CommandResult> {
  return handle.executeUpdate(commandUpdate, { args: [{ command: step.command, actor: step.actor }] });
}

/** Sends commands one after another, failing on the first refusal. */
export async function actAll(handle: WorkflowHandle, steps: readonly ScriptStep[]): Promise<CommandResult | undefined> {
  let last: CommandResult | undefined;
  for (const step of steps) last = await act(handle, step);
  return last;
}

/** The arrangement's state, through the Query. */
export const stateOf = (handle: WorkflowHandle) => handle.query(stateQuery);

/** The pooled-fund fixture moved to run three financial years from 1 April of `financialYear`. */
export function termsForFinancialYear(financialYear: number): ArrangementTerms {
  const base = validTerms();
  return validTerms({
    startDate: `${financialYear}-04-01`,
    endDate: `${financialYear + 3}-03-31`,
    reviewDate: `${financialYear + 1}-09-30`,
    pooledFund: base.pooledFund && {
      ...base.pooledFund,
      contributions: base.pooledFund.contributions.map((c) => ({ ...c, financialYear })),
    },
  });
}

/** The next financial year that starts at least four months after `now`, so set-up fits before it. */
export function nextFinancialYearAfter(now: number): number {
  const date = new Date(now + 120 * 86_400_000);
  return date.getUTCMonth() >= 3 ? date.getUTCFullYear() + 1 : date.getUTCFullYear();
}
