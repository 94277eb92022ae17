/**
 * `npm start`: the whole system in one command. Unless TEMPORAL_ADDRESS points at an existing
 * Temporal, it runs the dev server with SQLite persistence in the data directory (so a restart
 * keeps every workflow) and its Web UI; unless DATABASE_URL points at a PostgreSQL, it runs an
 * embedded PostgreSQL with its data in the data directory; it migrates the database, then runs the
 * worker and the API as child processes. Ctrl-C stops the API, then the worker, then the Temporal
 * server, then PostgreSQL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { loadConfig, localSignInAllowed } from '../config';
import { describeStartupError } from '../config/startup-error';
import { openStore } from '../store/database';
import { WORKER_NODE_FLAGS } from '../worker/node-flags';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './postgres/embedded';
import { stopChild } from './stop-child';
import { startDevServer, type DevServer } from './temporal/dev-server';

const root = path.resolve(__dirname, '..');

function runEntryPoint(name: string, entry: string, env: NodeJS.ProcessEnv, nodeFlags: readonly string[] = []): ChildProcess {
  const child = spawn(process.execPath, [...nodeFlags, '--import', 'tsx', path.join(root, entry)], { cwd: root, env, stdio: 'inherit' });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`hapa ${name} exited (${signal ?? code}); stopping everything`);
      void stopAll(1);
    }
  });
  return child;
}

let stopping = false;
let server: DevServer | undefined;
let postgres: EmbeddedPostgres | undefined;
const children: ChildProcess[] = [];

async function stopAll(exitCode: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  // API first (no new commands), then the worker (drains its tasks), then the server.
  for (const child of [...children].reverse()) await stopChild(child, 'SIGINT', 15_000);
  await server?.stop();
  await postgres?.stop();
  process.exit(exitCode);
}

async function main(): Promise<void> {
  const config = loadConfig();
  const env: NodeJS.ProcessEnv = { ...process.env, HAPA_DATA_DIR: config.HAPA_DATA_DIR };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  if (!config.TEMPORAL_ADDRESS) {
    const dbFile = path.join(config.HAPA_DATA_DIR, 'temporal.db');
    console.log(`Starting the Temporal dev server (database ${dbFile})…`);
    server = await startDevServer({
      dbFile,
      namespace: config.TEMPORAL_NAMESPACE,
      port: config.TEMPORAL_PORT,
      uiPort: config.TEMPORAL_UI_PORT,
      stdio: 'ignore',
      log: (line) => console.log(line),
    });
    env.TEMPORAL_ADDRESS = server.address;
  }
  if (!config.DATABASE_URL) {
    const dir = path.join(config.HAPA_DATA_DIR, 'postgres');
    console.log(`Starting PostgreSQL (data ${dir}, port ${config.POSTGRES_PORT})…`);
    postgres = await startEmbeddedPostgres({ dir, port: config.POSTGRES_PORT });
    env.DATABASE_URL = postgres.url;
  }
  // Once here, before the worker and the API (which migrate too, finding nothing left to do).
  await (await openStore(env.DATABASE_URL ?? '')).destroy();
  children.push(runEntryPoint('worker', 'worker/main.ts', env, WORKER_NODE_FLAGS));
  children.push(runEntryPoint('api', 'api/main.ts', env));

  console.log('');
  const web = config.PUBLIC_BASE_URL ?? `http://${config.API_HOST}:${config.API_PORT}`;
  console.log(
    `  Web          ${web}/  (${localSignInAllowed(config) ? 'sign in locally as a demo Regional Office officer, partner officer or administrator' : 'sign in with your identity provider'})`,
  );
  console.log(`  API          http://${config.API_HOST}:${config.API_PORT}  (health: /healthz, docs: /docs)`);
  if (server?.uiUrl) console.log(`  Temporal UI  ${server.uiUrl}`);
  console.log(`  Temporal     ${env.TEMPORAL_ADDRESS ?? config.TEMPORAL_ADDRESS} namespace ${config.TEMPORAL_NAMESPACE}`);
  console.log(
    `  PostgreSQL   ${postgres ? `127.0.0.1:${config.POSTGRES_PORT} (data ${path.join(config.HAPA_DATA_DIR, 'postgres')})` : 'DATABASE_URL'}`,
  );
  console.log(`  Outbox       ${path.join(config.HAPA_DATA_DIR, 'outbox')}${config.SMTP_URL ? ' (unused: SMTP_URL is set)' : ''}`);
  console.log('  Ctrl-C stops everything; a restart keeps every arrangement.');
  console.log('');
}

main().catch(async (err: unknown) => {
  console.error(describeStartupError(err, 'hapa'));
  stopping = true;
  for (const child of children) await stopChild(child, 'SIGINT', 15_000);
  await server?.stop();
  await postgres?.stop();
  process.exit(1);
});
