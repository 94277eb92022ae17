/**
 * The limit's worker (B3, issue 17), started by the benchmark like hapa's worker: a child process
 * with the same node flags (`WORKER_NODE_FLAGS`), the same environment and config, so the same
 * server, namespace, log level, workflow cache size (`HAPA_WORKER_MAX_CACHED_WORKFLOWS`) and workflow
 * threads (`HAPA_WORKER_WORKFLOW_THREADS`), and the SDK's other defaults as `worker/create-worker.ts`
 * leaves them. Only the task queue differs (the
 * benchmark sets `TEMPORAL_TASK_QUEUE`), and the data converter is the SDK's default: the limit is
 * what the server and the SDK cost, and encrypting payloads is part of hapa's cost.
 */
import { activityInfo } from '@temporalio/activity';
import { NativeConnection, Worker } from '@temporalio/worker';
import { loadConfig } from '../config';
import { createLogger } from '../config/logger';
import { describeStartupError } from '../config/startup-error';
import { temporalConnectionOptions } from '../config/temporal-connection';
import { installWorkerRuntime } from '../worker/runtime-logger';
import type { LimitActivities } from './limit-workflow';

const activities: LimitActivities = {
  async reportRan(reportUrl) {
    const res = await fetch(`${reportUrl}/${encodeURIComponent(activityInfo().workflowExecution?.workflowId ?? '')}`, { method: 'POST' });
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`the benchmark answered ${res.status}`);
  },
};

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger('hapa-worker', config.LOG_LEVEL);
  // The same logging as hapa's worker (worker/main.ts), so neither pays for lines the other does not write; no metrics.
  installWorkerRuntime(logger, config.LOG_LEVEL);
  const connection = await NativeConnection.connect(temporalConnectionOptions(config));
  const worker = await Worker.create({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    activities,
    maxCachedWorkflows: config.HAPA_WORKER_MAX_CACHED_WORKFLOWS,
    workflowThreadPoolSize: config.HAPA_WORKER_WORKFLOW_THREADS,
    workflowsPath: require.resolve('./limit-workflow'),
  });
  logger.info({ taskQueue: config.TEMPORAL_TASK_QUEUE }, 'limit worker polling');
  await worker.run();
  await connection.close();
}

main().catch((err: unknown) => {
  console.error(describeStartupError(err, 'hapa limit worker'));
  process.exit(1);
});
