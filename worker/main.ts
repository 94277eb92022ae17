/**
 * Worker entry point: config → logger → connection → worker → run. Runs against any Temporal
 * (the embedded dev server, a cluster, Temporal Cloud) as configured.
 */
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { createActivities } from '../activities/activities';
import { createDigestActivities } from '../activities/digests';
import { createMailTransport } from '../activities/mail-transport';
import { createSentLog } from '../activities/sent-log';
import { dataConverterOf } from '../config/payload-codec';
import { arrangementPageUrl, databaseUrl, loadConfig } from '../config';
import { createLogger } from '../config/logger';
import { describeStartupError } from '../config/startup-error';
import { temporalConnectionOptions } from '../config/temporal-connection';
import { openStore } from '../store/database';
import { createRegister } from '../store/register';
import { createReadModel } from '../store/read-model';
import { createArrangementWorker } from './create-worker';
import { installWorkerRuntime } from './runtime-logger';
import { ensureDigestSchedules } from './digest-schedules';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger('hapa-worker', config.LOG_LEVEL);
  installWorkerRuntime(logger, config.LOG_LEVEL, config.HAPA_WORKER_METRICS_PORT);
  const db = await openStore(databaseUrl(config));
  const connectionOptions = temporalConnectionOptions(config);
  const connection = await NativeConnection.connect(connectionOptions);
  const email = {
    transport: createMailTransport(config),
    sentLog: createSentLog(db),
    from: config.MAIL_FROM,
    arrangementUrl: arrangementPageUrl(config),
  };
  const digests = { db, defaultDelivery: config.HAPA_DIGEST_DEFAULT, burstLimit: config.HAPA_DIGEST_BURST_LIMIT };
  const activities = {
    ...createActivities({ ...email, register: createRegister(db), readModel: createReadModel(db), digests }),
    ...createDigestActivities({ ...email, ...digests }),
  };
  // The digest runs' schedules, created once whichever worker starts first (issue 15 §2).
  const clientConnection = await Connection.connect(connectionOptions);
  await ensureDigestSchedules(
    new Client({ connection: clientConnection, namespace: config.TEMPORAL_NAMESPACE, dataConverter: dataConverterOf(config) }),
    config.TEMPORAL_TASK_QUEUE,
  );
  await clientConnection.close();
  const worker = await createArrangementWorker({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    activities,
    maxCachedWorkflows: config.HAPA_WORKER_MAX_CACHED_WORKFLOWS,
    workflowThreads: config.HAPA_WORKER_WORKFLOW_THREADS,
    // Every payload encrypted (officers' names and addresses never reach a history in clear).
    dataConverter: dataConverterOf(config),
  });
  logger.info(
    { taskQueue: config.TEMPORAL_TASK_QUEUE, address: connectionOptions.address, namespace: config.TEMPORAL_NAMESPACE },
    'worker polling',
  );
  // Worker.run() handles SIGINT/SIGTERM itself: it stops polling and drains in-flight tasks.
  await worker.run();
  await connection.close();
  await db.destroy();
  // The pooled SMTP connections would keep the process alive after the worker has stopped, until the
  // SIGKILL of whoever stopped it (npm start, the benchmark): then nothing ends cleanly (nor a --cpu-prof).
  email.transport.close();
  logger.info('worker stopped');
}

main().catch((err: unknown) => {
  console.error(describeStartupError(err, 'hapa worker'));
  process.exit(1);
});
