/**
 * Registers hapa's search attributes on the configured namespace (a cluster or Temporal Cloud
 * that allows it through the operator service). The embedded dev server does this by itself.
 */
import { Connection } from '@temporalio/client';
import { loadConfig } from '../config';
import { describeStartupError } from '../config/startup-error';
import { temporalConnectionOptions } from '../config/temporal-connection';
import { registerSearchAttributes } from './temporal/dev-server';

async function main(): Promise<void> {
  const config = loadConfig();
  const connection = await Connection.connect(temporalConnectionOptions(config));
  try {
    const added = await registerSearchAttributes(connection, config.TEMPORAL_NAMESPACE);
    console.log(added.length ? `Registered: ${added.join(', ')}` : 'All search attributes were already registered.');
  } finally {
    await connection.close();
  }
}

main().catch((err: unknown) => {
  console.error(describeStartupError(err, 'register-search-attributes'));
  process.exit(1);
});
