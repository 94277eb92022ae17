/**
 * The API on the run's real dev server with a real worker (on its own task queue), a recording
 * fake mailer and the register on a PostgreSQL database of its own: what the integration tests
 * drive over HTTP. Start it in `beforeAll`, stop it in
 * `afterAll`; the worker runs until then.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Activities } from '../../activities/activities';
import { clientGateway } from '../../api/temporal-gateway';
import { createReadModel } from '../../store/read-model';
import { createReadModelQueries } from '../../store/read-model-queries';
import { createRegister } from '../../store/register';
import { arrangementWorkflowId } from '../../workflows/contract';
import { testDatabase, type TestDatabase } from '../helpers/database';
import { devServerEnv, withWorker } from '../helpers/temporal';
import type { ApiDeps } from '../../api/deps';
import { startApi, type RunningApi } from './api-harness';

/** A running API over real Temporal. */
export interface LiveApi {
  api: RunningApi;
  env: TestWorkflowEnvironment;
  taskQueue: string;
  database: TestDatabase;
  /** Notifications the workflow asked to send, in order. */
  sent: { key: string; kind?: string }[];
  /** Whether a workflow exists for a reference (the proof that a refused request started nothing). */
  workflowExists(ref: string): Promise<boolean>;
  stop(): Promise<void>;
}

/**
 * Starts a worker and an API on top of it; `options` add to the API's dependencies (e.g. policy
 * bounds), or are made from the run's database (e.g. the calendar feeds' store).
 */
export async function startLiveApi(options: Partial<ApiDeps> | ((db: TestDatabase['db']) => Partial<ApiDeps>) = {}): Promise<LiveApi> {
  const env = await devServerEnv();
  const database = await testDatabase();
  const register = createRegister(database.db);
  const sent: LiveApi['sent'] = [];
  const activities = {
    recordClosure: (record: Parameters<Activities['recordClosure']>[0]) => register.recordClosure(record),
    projectSummary: (summary: Parameters<Activities['projectSummary']>[0]) =>
      createReadModel(database.db)
        .writeSummary(summary)
        .then(() => undefined),
    sendNotification(n: { key: string; kind?: string }) {
      sent.push({ key: n.key, kind: n.kind });
      return Promise.resolve({ key: n.key, messageId: n.key, status: 'sent' as const, acceptedAt: new Date().toISOString() });
    },
  } as unknown as Activities;

  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let ready!: (taskQueue: string) => void;
  const started = new Promise<string>((resolve) => (ready = resolve));
  const running = withWorker(env, activities, async ({ taskQueue }) => {
    ready(taskQueue);
    await released;
  });
  const taskQueue = await Promise.race([started, running.then(() => Promise.reject(new Error('worker stopped before it started')))]);

  const namespace = env.namespace ?? 'default';
  const api = await startApi(clientGateway(env.client, { namespace, callTimeoutMs: 15_000, queryTimeoutMs: 15_000 }), {
    namespace,
    taskQueue,
    register,
    readModel: createReadModelQueries(database.db),
    ...(typeof options === 'function' ? options(database.db) : options),
  });
  return {
    api,
    env,
    taskQueue,
    database,
    sent,
    async workflowExists(ref) {
      try {
        await env.client.workflow.getHandle(arrangementWorkflowId(ref)).describe();
        return true;
      } catch {
        return false;
      }
    },
    async stop() {
      await api.close();
      release();
      await running;
      await env.teardown();
      await database.drop();
    },
  };
}
