/**
 * Drives arrangement workflows in tests: starting one, sending commands as Updates, and recording
 * what the activities were asked to send (with the server time at which each was scheduled).
 */
import { activityInfo } from '@temporalio/activity';
import { WorkflowUpdateFailedError, type Client, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Activities } from '../../activities/activities';
import { englandDateOf } from '../../domain';
import type { Actor, ArrangementPolicyInput, ArrangementState, ArrangementTerms, CommandType, Notification, Refusal } from '../../domain';
import type { arrangementWorkflow } from '../../workflows/arrangement-workflow';
import { actionUpdate, arrangementWorkflowId, stateQuery, type CommandResult } from '../../workflows/contract';
import { commandsToReachReady, officerOf, validLeadCommissioningTerms, validTerms, type ScriptStep } from '../domain/fixtures';
import { serverTimeOfActivity, skipTo, timeSkippingEnv, uniqueRef, withWorker } from './temporal';

/** A notification as the fake mailer received it. */
export interface SentNotification {
  notification: Notification;
  /** Server time (ms) at which the activity was scheduled: time skipping moves it, the wall clock doesn't. */
  scheduledAt: number;
}

/** Activities that record instead of emailing (and closure records instead of writing the register). */
export function recordingActivities(sent: SentNotification[] = []): Activities & {
  sent: SentNotification[];
  closures: Parameters<Activities['recordClosure']>[0][];
  summaries: Parameters<Activities['projectSummary']>[0][];
} {
  const closures: Parameters<Activities['recordClosure']>[0][] = [];
  const summaries: Parameters<Activities['projectSummary']>[0][] = [];
  return {
    sent,
    closures,
    summaries,
    recordClosure(record) {
      closures.push(record);
      return Promise.resolve();
    },
    projectSummary(summary) {
      summaries.push(summary);
      return Promise.resolve();
    },
    async sendNotification(notification) {
      sent.push({ notification, scheduledAt: await serverTimeOfActivity() });
      return { key: notification.key, messageId: `<${notification.key}@test>`, status: 'sent', acceptedAt: new Date().toISOString() };
    },
  };
}

/**
 * Recording activities whose sends first ask `failure` whether this attempt of this notification should
 * throw (`local`: the first try, in the worker; PATCHES.sendLocallyFirst). Every attempt is logged.
 */
export function flakyActivities(failure: (notification: Notification, attempt: { attempt: number; local: boolean }) => Error | undefined) {
  const recording = recordingActivities();
  const attempts: { key: string; attempt: number; local: boolean }[] = [];
  const activities: Activities = {
    ...recording,
    sendNotification(notification) {
      const { attempt, isLocal: local } = activityInfo();
      attempts.push({ key: notification.key, attempt, local });
      const error = failure(notification, { attempt, local });
      return error ? Promise.reject(error) : recording.sendNotification(notification);
    },
  };
  return { activities, sent: recording.sent, attempts };
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

/** Sends one command as the Update named after it, as the API does, and returns its result. */
export function act(handle: WorkflowHandle, step: ScriptStep): Promise<CommandResult> {
  return handle.executeUpdate(actionUpdate(step.command.type), { args: [{ command: step.command, actor: step.actor }] });
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

/** The lead-commissioning fixture (reg 9, RO approve mode) moved to run three financial years from 1 April of `financialYear`. */
export function leadCommissioningTermsForFinancialYear(financialYear: number, overrides: Partial<ArrangementTerms> = {}): ArrangementTerms {
  return validLeadCommissioningTerms({
    startDate: `${financialYear}-04-01`,
    endDate: `${financialYear + 3}-03-31`,
    reviewDate: `${financialYear + 1}-09-30`,
    ...overrides,
  });
}

function indexOfCommand(steps: readonly ScriptStep[], type: CommandType): number {
  const index = steps.findIndex((s) => s.command.type === type);
  if (index < 0) throw new Error(`the script has no ${type} step`);
  return index;
}

/** The leading steps of a script, up to but not including its first `type` command. */
export const stepsBefore = (steps: readonly ScriptStep[], type: CommandType): ScriptStep[] => steps.slice(0, indexOfCommand(steps, type));

/** The steps of a script from its first `type` command on (up to but not including `until`, if given). */
export const stepsFrom = (steps: readonly ScriptStep[], type: CommandType, until?: CommandType): ScriptStep[] =>
  steps.slice(indexOfCommand(steps, type), until === undefined ? undefined : indexOfCommand(steps, until));

/** The refusal a rejected Update carries: the failure's type and the domain refusal in its details. */
export async function refusalOf(update: Promise<unknown>): Promise<Refusal & { type: string | undefined }> {
  const error = await update.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof WorkflowUpdateFailedError) || !(error.cause instanceof ApplicationFailure)) {
    throw new Error(error === undefined ? 'expected the update to be refused, but it was accepted' : 'expected a refused update', {
      cause: error,
    });
  }
  return { type: error.cause.type ?? undefined, ...(error.cause.details?.[0] as Refusal) };
}

/** Polls the state Query (in real time) until `predicate` holds: activities finish asynchronously after an Update returns. */
export async function waitForState(
  handle: WorkflowHandle,
  predicate: (state: ArrangementState) => boolean,
  timeoutMs = 10_000,
): Promise<ArrangementState> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = await stateOf(handle);
    if (predicate(state)) return state;
    if (Date.now() > deadline) throw new Error(`state never matched; status ${state.status}, ${state.audit.length} audit entries`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The UTC date ('YYYY-MM-DD') of an instant. */
export const dayOf = (instant: number): string => englandDateOf(instant);

/** A sent notification, summarised for assertions: key without the ref, kind, ladder step, server date and addresses. */
export interface SentSummary {
  key: string;
  kind: string;
  step?: string;
  on: string;
  to: string[];
}

/**
 * Summarises what the fake mailer received for one arrangement, by server date and then key: activities
 * started by one workflow task run concurrently, so their order within a day is not meaningful.
 */
export function sentFor(sent: readonly SentNotification[], ref: string): SentSummary[] {
  return sent
    .filter((s) => s.notification.arrangementRef === ref)
    .map(({ notification: n, scheduledAt }) => ({
      key: n.key.slice(ref.length + 1),
      kind: n.kind,
      ...(n.ladderStep !== undefined ? { step: n.ladderStep } : {}),
      on: dayOf(scheduledAt),
      to: n.recipients.map((r) => r.email),
    }))
    .sort((a, b) => a.on.localeCompare(b.on) || a.key.localeCompare(b.key));
}

/**
 * Gives each test of the file a fresh time-skipping environment whose clock is first moved to `start`
 * ('YYYY-MM-DDTHH:MM' UTC), so the calendar is the same on every run. Returns a getter for the current one.
 */
export function timeSkippingEnvPerTest(start: string): () => TestWorkflowEnvironment {
  let env: TestWorkflowEnvironment | undefined;
  beforeEach(async () => {
    env = await timeSkippingEnv();
    await skipTo(env, start);
  });
  afterEach(async () => {
    await env?.teardown();
    env = undefined;
  });
  return () => {
    if (!env) throw new Error('no environment outside a test');
    return env;
  };
}

/** One arrangement under test: its workflow handle, reference and terms. */
export interface ArrangementUnderTest {
  handle: WorkflowHandle<typeof arrangementWorkflow>;
  ref: string;
  terms: ArrangementTerms;
}

/** Runs `fn` with a worker and a freshly started arrangement (unique reference) created by the first partner's officer. */
export function withArrangement<T>(
  env: TestWorkflowEnvironment,
  activities: Activities,
  terms: ArrangementTerms,
  fn: (arrangement: ArrangementUnderTest) => Promise<T>,
): Promise<T> {
  return withWorker(env, activities, async ({ taskQueue }) => {
    const ref = uniqueRef();
    const handle = await startArrangement(env.client, taskQueue, { ref, terms }, officerOf(terms.partners[0]?.id ?? ''));
    return fn({ handle, ref, terms });
  });
}

/** Drives a started arrangement to `ready` now, skips to one minute past its start date, and waits until it is active. */
export async function runUntilActive(env: TestWorkflowEnvironment, { handle, terms }: ArrangementUnderTest): Promise<ArrangementState> {
  await actAll(handle, commandsToReachReady(terms));
  await skipTo(env, `${terms.startDate}T00:01`);
  return waitForState(handle, (s) => s.status === 'active');
}

// Notifications are sent by activities after the Update returns, so tests poll for them.
export { eventually } from './eventually';
