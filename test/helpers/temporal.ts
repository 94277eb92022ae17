/**
 * The one Temporal harness every integration test uses: environments on the run's real servers,
 * a worker on a unique task queue running the run's single workflow bundle, and unique IDs.
 */
import { randomUUID } from 'node:crypto';
import { activityInfo } from '@temporalio/activity';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import type { Activities } from '../../activities/activities';
import { registerSearchAttributes } from '../../scripts/temporal/dev-server';
import { createArrangementWorker } from '../../worker/create-worker';
import { testEnv } from './test-env';

let runtimeInstalled = false;
/** Installs a runtime that logs warnings and errors only (once per test file). */
export function quietRuntime(): void {
  if (runtimeInstalled) return;
  // Workflow logs and the test server's capability warnings would drown jest's output; errors still show.
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  runtimeInstalled = true;
}

/** An environment on the run's dev server (real visibility, real persistence, real clock). */
export async function devServerEnv(): Promise<TestWorkflowEnvironment> {
  quietRuntime();
  return TestWorkflowEnvironment.createFromExistingServer({ address: testEnv('temporalAddress') });
}

/** A fresh time-skipping environment on the native test server, search attributes registered. */
export async function timeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  quietRuntime();
  const start = () =>
    TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: testEnv('testServerPath') } } });
  // The SDK gives a server 5 s to answer; the JVM fallback can miss that on a busy machine, so retry once.
  const env = await start().catch(() => start());
  await registerSearchAttributes(env.connection, env.namespace ?? 'default');
  return env;
}

/** A task queue no other test uses. */
export const uniqueTaskQueue = (): string => `tq-${randomUUID()}`;

/** An arrangement reference no other test uses. */
export const uniqueRef = (prefix = 'ARR'): string => `${prefix}-${randomUUID().slice(0, 8)}`;

/** The clock of the server whose worker `withWorker` runs now (tests in a file run one at a time). */
let serverClock: (() => Promise<number>) | undefined;

/**
 * The server time (ms) at which the running activity was scheduled: time skipping moves it, the wall
 * clock doesn't. A local activity's info carries the worker's wall clock instead; it runs inside its
 * workflow task, while the time-skipping server does not skip, so the server's time now is when it was
 * scheduled, to within the time it took to start.
 */
export async function serverTimeOfActivity(): Promise<number> {
  const info = activityInfo();
  return info.isLocal && serverClock ? serverClock() : info.currentAttemptScheduledTimestampMs;
}

/** Runs `fn` while a worker with the run's workflow bundle polls a fresh task queue. */
export async function withWorker<T>(
  env: TestWorkflowEnvironment,
  activities: Activities,
  fn: (ctx: { taskQueue: string; worker: Worker }) => Promise<T>,
): Promise<T> {
  const taskQueue = uniqueTaskQueue();
  const worker = await createArrangementWorker({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    activities,
    workflowBundle: { codePath: testEnv('bundlePath') },
  });
  serverClock = () => env.currentTimeMs();
  try {
    return await worker.runUntil(fn({ taskQueue, worker }));
  } finally {
    serverClock = undefined;
  }
}

/** Moves a time-skipping server's clock forward to `when` ('YYYY-MM-DD' or 'YYYY-MM-DDTHH:MM', UTC; never backwards). */
export async function skipTo(env: TestWorkflowEnvironment, when: string): Promise<void> {
  const target = Date.parse(when.includes('T') ? `${when}:00Z` : `${when}T00:00:00Z`);
  const now = await env.currentTimeMs();
  if (target < now) throw new Error(`cannot skip back to ${when}: the server clock is already at ${new Date(now).toISOString()}`);
  if (target > now) await env.sleep(target - now);
}

/**
 * Runs `fn` with a client and a polling worker (recording activities, the run's bundle) on a server
 * the test started itself, e.g. one with a database file or special dynamic config.
 */
export async function withWorkerOn<T>(
  address: string,
  taskQueue: string,
  activities: Activities,
  fn: (client: Client) => Promise<T>,
): Promise<T> {
  quietRuntime();
  const connection = await Connection.connect({ address });
  const nativeConnection = await NativeConnection.connect({ address });
  try {
    const worker = await createArrangementWorker({
      connection: nativeConnection,
      namespace: 'default',
      taskQueue,
      activities,
      workflowBundle: { codePath: testEnv('bundlePath') },
    });
    return await worker.runUntil(fn(new Client({ connection })));
  } finally {
    await connection.close();
    await nativeConnection.close();
  }
}
