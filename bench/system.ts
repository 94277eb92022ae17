/**
 * The system under test, started fresh for one benchmark run: a dev server on a WAL SQLite file in
 * a temporary directory, an in-process SMTP sink, and the real worker and API entry points
 * (`worker/main.ts`, `api/main.ts`) as child processes, so each has its own RSS. Everything is
 * stopped, and the directory deleted, by `stop()`, which is safe to call more than once.
 */
import { stopChild } from '../scripts/stop-child';
import { WORKER_NODE_FLAGS } from '../worker/node-flags';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, openSync, closeSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { loadConfig } from '../config';
import { dataConverterOf } from '../config/payload-codec';
import { startEmbeddedPostgres } from '../scripts/postgres/embedded';
import { pickFreePort, startDevServer, type DevServer } from '../scripts/temporal/dev-server';
import { openStore } from '../store/database';
import { startSmtpSink, type SmtpSink } from '../test/helpers/smtp-sink';
import { TASK_QUEUE } from '../workflows/contract';
import { HttpApi } from './http-client';
import { sleep } from './measure';

const root = path.resolve(__dirname, '..');

/** A child process running one of hapa's entry points. */
export interface EntryPoint {
  readonly name: string;
  readonly child: ChildProcess;
  readonly pid: number;
  readonly logFile: string;
}

/** Everything a section needs to drive and observe the system. */
export interface System {
  readonly dir: string;
  /** The system's own embedded PostgreSQL. */
  readonly databaseUrl: string;
  readonly dbFile: string;
  readonly server: DevServer;
  readonly serverVersion: string;
  readonly sink: SmtpSink;
  readonly worker: EntryPoint;
  readonly api: EntryPoint;
  readonly http: HttpApi;
  /** A raw Temporal client in this process: the baseline the API is compared with. */
  readonly client: Client;
  readonly taskQueue: string;
  readonly jwtSecret: string;
  /** The environment the worker and the API were started with (to start another worker like them). */
  readonly env: NodeJS.ProcessEnv;
  /** Adds a cleanup that `stop()` runs (first, before the system's own); the returned function removes it. */
  track(cleanup: () => Promise<void>): () => void;
  stop(): Promise<void>;
}

/** Options of a run's system. */
export interface SystemOptions {
  readonly logLevel: string;
  readonly keep: boolean;
  readonly maxSockets: number;
  /** Worker entry point, relative to the repository or absolute. */
  readonly workerEntry: string;
  readonly log: (line: string) => void;
}

/**
 * Extra node flags for one entry point, from `HAPA_BENCH_<NAME>_NODE_FLAGS` (e.g.
 * `HAPA_BENCH_API_NODE_FLAGS='--cpu-prof --cpu-prof-dir=/tmp/prof'`), split on white space: to profile
 * a process under the benchmark's load without changing the benchmark.
 */
export function extraNodeFlags(name: string, env: NodeJS.ProcessEnv = process.env): string[] {
  const value = env[`HAPA_BENCH_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_NODE_FLAGS`] ?? '';
  return value.split(/\s+/).filter(Boolean);
}

/** Starts one of hapa's entry points with its output appended to `<dir>/<name>.log`; a `worker` gets the worker's node flags by default. */
export function startEntryPoint(
  name: string,
  entry: string,
  env: NodeJS.ProcessEnv,
  dir: string,
  nodeFlags: readonly string[] = name === 'worker' ? WORKER_NODE_FLAGS : [],
): EntryPoint {
  const logFile = path.join(dir, `${name}.log`);
  const fd = openSync(logFile, 'a');
  // `node --import tsx` rather than the tsx CLI, which would put a second process between us and the one measured.
  const child = spawn(process.execPath, [...nodeFlags, ...extraNodeFlags(name, env), '--import', 'tsx', path.resolve(root, entry)], {
    cwd: root,
    env,
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  if (child.pid === undefined) throw new Error(`could not start the ${name}`);
  return { name, child, pid: child.pid, logFile };
}

async function waitForHttp(http: HttpApi, api: EntryPoint, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (api.child.exitCode !== null)
      throw new Error(`the API exited with code ${api.child.exitCode} before it was ready; see ${api.logFile}`);
    try {
      const res = await http.request('GET', '/readyz');
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the API was not ready within ${timeoutMs} ms; see ${api.logFile}`);
    await sleep(200);
  }
}

/** Starts the whole system; on failure, stops whatever had started and rethrows. */
export async function startSystem(options: SystemOptions): Promise<System> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hapa-bench-'));
  const dbFile = path.join(dir, 'temporal.db');
  const jwtSecret = randomBytes(48).toString('base64url');
  const stack: (() => Promise<void>)[] = [];
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    for (const step of stack.reverse()) {
      try {
        await step();
      } catch (err) {
        options.log(`cleanup: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    if (options.keep) options.log(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  };
  try {
    options.log(`data directory ${dir}`);
    const server = await startDevServer({ dbFile, stdio: 'ignore', log: options.log });
    stack.push(() => server.stop());
    // Run as root, PostgreSQL runs as the postgres user, which must reach its folder (mkdtemp makes 0700).
    chmodSync(dir, 0o755);
    const postgres = await startEmbeddedPostgres({ dir: path.join(dir, 'postgres'), port: await pickFreePort() });
    stack.push(() => postgres.stop());
    await (await openStore(postgres.url)).destroy();
    const connection = await Connection.connect({ address: server.address });
    stack.push(() => connection.close());
    const info = await connection.workflowService.getSystemInfo({});
    const sink = await startSmtpSink();
    stack.push(() => sink.stop());

    const apiPort = await pickFreePort();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      TEMPORAL_ADDRESS: server.address,
      TEMPORAL_NAMESPACE: server.namespace,
      TEMPORAL_TASK_QUEUE: TASK_QUEUE,
      HAPA_DATA_DIR: path.join(dir, 'data'),
      DATABASE_URL: postgres.url,
      SMTP_URL: sink.url(),
      API_HOST: '127.0.0.1',
      API_PORT: String(apiPort),
      AUTH_JWT_SECRET: jwtSecret,
      LOG_LEVEL: options.logLevel,
      // Workers come and go (chaos): none of them claims the metrics port.
      HAPA_WORKER_METRICS_PORT: '0',
      // The benchmarks and chaos count emails sent as they fall due: every message at once, no digest.
      HAPA_DIGEST_DEFAULT: 'immediate',
      HAPA_DIGEST_BURST_LIMIT: '0',
    };
    // The raw client encrypts and decrypts payloads as the API and the worker do (the same key in the data
    // directory): without it, it could not read an Update's result, and it would skip the codec's cost.
    const client = new Client({ connection, namespace: server.namespace, dataConverter: dataConverterOf(loadConfig(env)) });
    const worker = startEntryPoint('worker', options.workerEntry, env, dir);
    stack.push(() => stopChild(worker.child));
    const api = startEntryPoint('api', 'api/main.ts', env, dir);
    stack.push(() => stopChild(api.child));
    const http = new HttpApi('127.0.0.1', apiPort, options.maxSockets);
    stack.push(() => Promise.resolve(http.close()));
    await waitForHttp(http, api, 120_000);
    options.log(
      `dev server ${server.address} (pid ${server.pid}), worker pid ${worker.pid}, API :${apiPort} (pid ${api.pid}), SMTP sink :${sink.port}`,
    );
    return {
      dir,
      databaseUrl: postgres.url,
      dbFile,
      server,
      serverVersion: info.serverVersion ?? 'unknown',
      sink,
      worker,
      api,
      http,
      client,
      taskQueue: TASK_QUEUE,
      jwtSecret,
      env,
      track: (cleanup) => {
        stack.push(cleanup);
        return () => {
          const index = stack.indexOf(cleanup);
          if (index >= 0) stack.splice(index, 1);
        };
      },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
