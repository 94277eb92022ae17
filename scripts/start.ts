/**
 * `npm start`: the whole system in one command. Unless TEMPORAL_ADDRESS points at an existing
 * Temporal, it runs the dev server with SQLite persistence in the data directory (so a restart
 * keeps every workflow) and its Web UI; unless DATABASE_URL points at a PostgreSQL, it runs an
 * embedded PostgreSQL with its data in the data directory; it migrates the database, then runs the
 * worker and the API as child processes. Ctrl-C stops the API, then the worker, then the Temporal
 * server, then PostgreSQL.
 *
 * One instance per data directory and per port: before starting anything it takes the data
 * directory's lock file and checks that every port it will listen on is free, and refuses with one
 * line otherwise (see instance-lock.ts). When any of its processes dies (the dev server, PostgreSQL,
 * the worker, the API) it stops all the others and exits 1, rather than answering 503 for ever.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { loadConfig, localSignInAllowed } from '../config';
import { describeStartupError } from '../config/startup-error';
import { openStore } from '../store/database';
import { WORKER_NODE_FLAGS } from '../worker/node-flags';
import { acquireInstanceLock, assertPortsFree, StartRefused, type InstanceLock, type PortClaim } from './instance-lock';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './postgres/embedded';
import { stopChild } from './stop-child';
import { startDevServer, type DevServer } from './temporal/dev-server';

const root = path.resolve(__dirname, '..');

function runEntryPoint(name: string, entry: string, env: NodeJS.ProcessEnv, nodeFlags: readonly string[] = []): ChildProcess {
  const child = spawn(process.execPath, [...nodeFlags, '--import', 'tsx', path.join(root, entry)], { cwd: root, env, stdio: 'inherit' });
  child.on('exit', (code, signal) => died(`hapa ${name}`, String(signal ?? code)));
  return child;
}

let stopping = false;
let lock: InstanceLock | undefined;
let server: DevServer | undefined;
let postgres: EmbeddedPostgres | undefined;
const children: ChildProcess[] = [];

/** One of our processes died on its own: the rest cannot serve without it, so everything stops. */
function died(what: string, how: string, said = ''): void {
  if (stopping) return;
  console.error(`${what} exited (${how})${said ? `: ${said}` : ''}; stopping everything`);
  void stopAll(1);
}

async function stopAll(exitCode: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  // API first (no new commands), then the worker (drains its tasks), then the server.
  for (const child of [...children].reverse()) await stopChild(child, 'SIGINT', 15_000);
  await server?.stop();
  await postgres?.stop();
  lock?.release();
  process.exit(exitCode);
}

/** A server of ours could not start: its own words are in the message, printed as they are (not "check DATABASE_URL"). */
function refuse(err: unknown): never {
  throw new StartRefused(err instanceof Error ? err.message : String(err));
}

/** The ports this start will listen on (those of servers it runs itself). */
function portClaims(config: ReturnType<typeof loadConfig>): PortClaim[] {
  const claims: PortClaim[] = [];
  if (!config.TEMPORAL_ADDRESS) {
    claims.push({ port: config.TEMPORAL_PORT, host: '127.0.0.1', what: 'the Temporal dev server', setting: 'TEMPORAL_PORT' });
    claims.push({ port: config.TEMPORAL_UI_PORT, host: '127.0.0.1', what: 'the Temporal Web UI', setting: 'TEMPORAL_UI_PORT' });
  }
  if (!config.DATABASE_URL) claims.push({ port: config.POSTGRES_PORT, host: '127.0.0.1', what: 'PostgreSQL', setting: 'POSTGRES_PORT' });
  claims.push({ port: config.API_PORT, host: config.API_HOST, what: 'the API', setting: 'API_PORT' });
  if (config.HAPA_WORKER_METRICS_PORT) {
    claims.push({
      port: config.HAPA_WORKER_METRICS_PORT,
      host: '127.0.0.1',
      what: "the worker's metrics",
      setting: 'HAPA_WORKER_METRICS_PORT',
    });
  }
  return claims;
}

async function main(): Promise<void> {
  const config = loadConfig();
  const env: NodeJS.ProcessEnv = { ...process.env, HAPA_DATA_DIR: config.HAPA_DATA_DIR };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  lock = acquireInstanceLock(config.HAPA_DATA_DIR);
  await assertPortsFree(portClaims(config));

  if (!config.TEMPORAL_ADDRESS) {
    const dbFile = path.join(config.HAPA_DATA_DIR, 'temporal.db');
    console.log(`Starting the Temporal dev server (database ${dbFile})…`);
    server = await startDevServer({
      dbFile,
      namespace: config.TEMPORAL_NAMESPACE,
      port: config.TEMPORAL_PORT,
      uiPort: config.TEMPORAL_UI_PORT,
      stdio: 'capture',
      log: (line) => console.log(line),
    }).catch(refuse);
    void server.exited.then(({ code, signal, output }) => died('the Temporal dev server', String(signal ?? code), output));
    env.TEMPORAL_ADDRESS = server.address;
  }
  if (!config.DATABASE_URL) {
    const dir = path.join(config.HAPA_DATA_DIR, 'postgres');
    console.log(`Starting PostgreSQL (data ${dir}, port ${config.POSTGRES_PORT})…`);
    postgres = await startEmbeddedPostgres({ dir, port: config.POSTGRES_PORT }).catch(refuse);
    void postgres.exited.then((how) => died('PostgreSQL', how));
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
  console.log(
    `  Metrics      http://${config.API_HOST}:${config.API_PORT}/metrics (API, read model)${config.HAPA_WORKER_METRICS_PORT ? `, http://127.0.0.1:${config.HAPA_WORKER_METRICS_PORT}/metrics (worker)` : ''}`,
  );
  console.log(`  Outbox       ${path.join(config.HAPA_DATA_DIR, 'outbox')}${config.SMTP_URL ? ' (unused: SMTP_URL is set)' : ''}`);
  console.log('  Ctrl-C stops everything; a restart keeps every arrangement.');
  console.log('');
}

main().catch(async (err: unknown) => {
  console.error(err instanceof StartRefused ? `hapa cannot start: ${err.message}` : describeStartupError(err, 'hapa'));
  stopping = true;
  for (const child of children) await stopChild(child, 'SIGINT', 15_000);
  await server?.stop();
  await postgres?.stop();
  lock?.release();
  process.exit(1);
});
