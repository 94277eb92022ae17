/**
 * `npm start` owns its data directory and its ports (issue 16 §1): each case runs the real
 * scripts/start.ts as a child process, on a data directory and ports of its own.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pickFreePort } from '../../scripts/temporal/dev-server';
import { eventually } from '../helpers/eventually';

const root = path.resolve(__dirname, '../..');

interface Started {
  child: ChildProcess;
  output(): string;
  /** The exit code, once it has exited. */
  exited: Promise<number | null>;
}

/** Runs `npm start`'s script with `env` on top of ours (less the tests' own variables). */
function start(env: NodeJS.ProcessEnv): Started {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/start.ts')], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  return { child, output: () => text, exited };
}

/** A data directory the `postgres` user can reach when the tests run as root (a bare mkdtemp is 0700). */
function dataDir(): { dir: string; data: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hapa-start-'));
  chmodSync(dir, 0o755);
  return { dir, data: path.join(dir, 'data') };
}

async function ports(): Promise<NodeJS.ProcessEnv> {
  return {
    TEMPORAL_PORT: String(await pickFreePort()),
    TEMPORAL_UI_PORT: String(await pickFreePort()),
    POSTGRES_PORT: String(await pickFreePort()),
    API_PORT: String(await pickFreePort()),
    HAPA_WORKER_METRICS_PORT: String(await pickFreePort()),
  };
}

/** The pid of a process that has exited (for a stale lock). */
function deadPid(): number {
  const result = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(result.stdout);
}

/** The pid of the dev server running on `dbFile` (found in /proc). */
function devServerPid(dbFile: string): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (cmdline.includes('start-dev') && cmdline.includes(dbFile)) return Number(entry);
    } catch {
      // gone meanwhile
    }
  }
  return undefined;
}

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function tracked(started: Started, dir: string): Started {
  cleanups.push(() => {
    started.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });
  return started;
}

test('when the API port is held by another program, then npm start refuses at once with one line naming the port and its setting', async () => {
  const { dir, data } = dataDir();
  const env = await ports();
  const holder = net.createServer();
  await new Promise<void>((resolve) => holder.listen(Number(env.API_PORT), '127.0.0.1', resolve));
  try {
    const run = tracked(start({ ...env, HAPA_DATA_DIR: data }), dir);
    expect(await run.exited).toBe(1);
    expect(run.output().trim()).toBe(
      `hapa cannot start: port ${env.API_PORT} on 127.0.0.1 (the API) is in use by another program or hapa instance; stop it or set API_PORT`,
    );
    expect(existsSync(path.join(data, 'hapa.lock'))).toBe(false);
  } finally {
    holder.close();
  }
});

test('when the data directory is locked by a running process, then npm start refuses naming its pid', async () => {
  const { dir, data } = dataDir();
  mkdirSync(data);
  // This jest worker stands for the other instance: it runs.
  writeFileSync(path.join(data, 'hapa.lock'), JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString() }));
  const run = tracked(start({ ...(await ports()), HAPA_DATA_DIR: data }), dir);
  expect(await run.exited).toBe(1);
  expect(run.output().trim()).toMatch(
    new RegExp(`^hapa cannot start: the data directory .* is in use by another hapa instance \\(pid ${process.pid}, lock .*\\); stop it`),
  );
});

test("when the Temporal dev server cannot start, then npm start shows the server's own error", async () => {
  const { dir, data } = dataDir();
  mkdirSync(path.join(data, 'temporal.db'), { recursive: true }); // a folder where its SQLite file should be
  const run = tracked(start({ ...(await ports()), HAPA_DATA_DIR: data }), dir);
  expect(await run.exited).toBe(1);
  // Before: "the Temporal dev server exited with code 1", and nothing of why.
  expect(run.output()).toMatch(/the Temporal dev server exited \(1\) before it was ready; it said: .*unable to open database file/);
  expect(existsSync(path.join(data, 'hapa.lock'))).toBe(false);
});

test("when PostgreSQL cannot start, then npm start shows the server's own error", async () => {
  const { dir, data } = dataDir();
  mkdirSync(path.join(data, 'postgres'), { recursive: true });
  writeFileSync(path.join(data, 'postgres', 'PG_VERSION'), '9\n'); // a cluster folder with nothing else in it
  // An external Temporal (never reached): only PostgreSQL is started.
  const run = tracked(start({ ...(await ports()), HAPA_DATA_DIR: data, TEMPORAL_ADDRESS: '127.0.0.1:1' }), dir);
  expect(await run.exited).toBe(1);
  expect(run.output()).toMatch(
    /hapa cannot start: PostgreSQL did not start: PostgreSQL exited \(\d+\) while starting: postgres: .*postgresql\.conf/,
  );
});

test('when a stale lock is found, npm start takes it over and is ready once a worker polls; a second instance on that data is refused; when the dev server is killed, everything stops', async () => {
  const { dir, data } = dataDir();
  mkdirSync(data);
  writeFileSync(path.join(data, 'hapa.lock'), JSON.stringify({ pid: deadPid(), startedAt: '2026-01-01T00:00:00Z' }));
  const env = await ports();
  const run = tracked(start({ ...env, HAPA_DATA_DIR: data }), dir);
  const readyz = `http://127.0.0.1:${env.API_PORT}/readyz`;
  await eventually(
    async () => {
      if (run.child.exitCode !== null) throw new Error(`npm start exited: ${run.output()}`);
      const res = await fetch(readyz);
      expect(await res.json()).toMatchObject({ status: 'ready', workers: 1 });
    },
    90_000,
    500,
  );
  expect(JSON.parse(readFileSync(path.join(data, 'hapa.lock'), 'utf8'))).toMatchObject({ pid: run.child.pid });

  const second = start({ ...(await ports()), HAPA_DATA_DIR: data });
  expect(await second.exited).toBe(1);
  expect(second.output()).toContain(`is in use by another hapa instance (pid ${run.child.pid}`);

  const pid = devServerPid(path.join(data, 'temporal.db'));
  expect(pid).toBeDefined();
  process.kill(pid!, 'SIGKILL');
  // Before: the API and the worker kept running, answering 503 until stopped by hand.
  expect(await run.exited).toBe(1);
  expect(run.output()).toContain('the Temporal dev server exited (SIGKILL)');
  expect(run.output()).toContain('stopping everything');
  await expect(fetch(readyz)).rejects.toThrow();
  expect(existsSync(path.join(data, 'hapa.lock'))).toBe(false);
}, 150_000);
