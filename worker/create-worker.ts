/**
 * Builds the arrangement worker from a connection and its activities. Shared by `worker/main.ts`
 * and `npm start`, so both run exactly the same worker.
 */
import { Worker, type NativeConnection, type WorkerOptions } from '@temporalio/worker';
import type { Activities } from '../activities/activities';
import type { DigestActivities } from '../activities/digests';
import { workflowBundleOptions } from './workflow-bundle';

/** What a worker needs besides its code. */
export interface ArrangementWorkerInput {
  readonly connection: NativeConnection;
  readonly namespace: string;
  readonly taskQueue: string;
  /** The arrangement's activities, and the digest run's where this worker sends digests (worker/main.ts does). */
  readonly activities: Activities & Partial<DigestActivities>;
  /** A pre-built bundle (tests bundle once per run); absent means bundle from source now. */
  readonly workflowBundle?: WorkerOptions['workflowBundle'];
  /**
   * Workflows kept in memory. Most arrangements sleep for weeks between deadlines, so a small cache
   * costs one short replay per wake-up, while the SDK's default (sized from the heap) let a worker
   * grow past 4 GB with 10,000 live arrangements (docs/benchmarks.md).
   */
  readonly maxCachedWorkflows?: number;
  /**
   * Threads that run workflow code, each with its own V8 context and a share of the cache
   * (`HAPA_WORKER_WORKFLOW_THREADS`); the SDK's default of one when absent.
   */
  readonly workflowThreads?: number;
  /** How payloads are encoded (hapa's encrypting codec, `config/payload-codec.ts`); the SDK's default when absent. */
  readonly dataConverter?: WorkerOptions['dataConverter'];
}

/** Creates, but does not run, the worker that hosts every arrangement workflow. */
export function createArrangementWorker(input: ArrangementWorkerInput): Promise<Worker> {
  return Worker.create({
    connection: input.connection,
    namespace: input.namespace,
    taskQueue: input.taskQueue,
    activities: input.activities,
    ...(input.dataConverter ? { dataConverter: input.dataConverter } : {}),
    ...(input.maxCachedWorkflows !== undefined ? { maxCachedWorkflows: input.maxCachedWorkflows } : {}),
    ...(input.workflowThreads !== undefined ? { workflowThreadPoolSize: input.workflowThreads } : {}),
    ...(input.workflowBundle ? { workflowBundle: input.workflowBundle } : workerBundling()),
  });
}

/** A worker's own bundling: the bundle options every other builder uses, in the worker's shape. */
function workerBundling(): Pick<WorkerOptions, 'workflowsPath' | 'bundlerOptions'> {
  const { workflowsPath, preloadModules } = workflowBundleOptions();
  return { workflowsPath, bundlerOptions: { preloadModules } };
}
