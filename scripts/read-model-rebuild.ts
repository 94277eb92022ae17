/**
 * `npm run read-model:rebuild`: rebuilds the read model in PostgreSQL (`DATABASE_URL`) from the
 * arrangement workflows on the configured Temporal namespace and task queue, and the register. A
 * worker must be polling the task queue (workflows answer Queries through it).
 */
import { Client, Connection } from '@temporalio/client';
import { databaseUrl, loadConfig } from '../config';
import { dataConverterOf } from '../config/payload-codec';
import { describeStartupError } from '../config/startup-error';
import { temporalConnectionOptions } from '../config/temporal-connection';
import { openStore } from '../store/database';
import { rebuildReadModel } from './read-model/rebuild';

async function main(): Promise<void> {
  const config = loadConfig();
  const db = await openStore(databaseUrl(config));
  const connection = await Connection.connect(temporalConnectionOptions(config));
  try {
    const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE, dataConverter: dataConverterOf(config) });
    const result = await rebuildReadModel(client, db, { taskQueue: config.TEMPORAL_TASK_QUEUE });
    console.log(
      `Read model rebuilt: ${result.fromWorkflows} arrangements from their workflows, ${result.fromState} from their state, ${result.fromRegister} from the register.`,
    );
  } finally {
    await connection.close();
    await db.destroy();
  }
}

main().catch((err: unknown) => {
  console.error(describeStartupError(err, 'read-model:rebuild'));
  process.exit(1);
});
