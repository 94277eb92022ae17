/**
 * Starts the embedded PostgreSQL (see run-embedded.ts) in a child process of its own and waits
 * until its `hapa` database accepts connections. `npm start` keeps it under HAPA_DATA_DIR; the
 * tests in a temporary folder on a free port.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stopChild } from '../stop-child';

/** A running embedded PostgreSQL. */
export interface EmbeddedPostgres {
  /** `postgres://postgres:…@127.0.0.1:<port>/hapa` */
  readonly url: string;
  readonly pid: number;
  /** Settles when the server's runner exits (it exits when the server does), with its code or signal. */
  readonly exited: Promise<string>;
  /** Stops the server (fast shutdown) and waits for it. */
  stop(): Promise<void>;
}

/** Options: the cluster's folder (created on first start), its port, and how long to wait. */
export interface EmbeddedPostgresOptions {
  readonly dir: string;
  readonly port: number;
  readonly readyTimeoutMs?: number;
}

/**
 * The password of the cluster in `dir`: made once and kept beside it (mode 0600), as the API keeps
 * its development JWT secret, so a restart reaches the same cluster.
 */
function passwordFor(dir: string): string {
  const file = `${dir}.password`;
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(path.dirname(file), { recursive: true });
  const password = randomBytes(18).toString('base64url');
  writeFileSync(file, `${password}\n`, { mode: 0o600 });
  return password;
}

/** Starts PostgreSQL with its data in `dir`; rejects with the server's reason if it cannot. */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'run-embedded.ts')], {
    env: { ...process.env, HAPA_PG_DIR: options.dir, HAPA_PG_PORT: String(options.port), HAPA_PG_PASSWORD: passwordFor(options.dir) },
    // Its own process group: a Ctrl-C at the terminal reaches the worker and the API, while the
    // database is stopped by the parent, last, once they are done with it.
    detached: true,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const timeoutMs = options.readyTimeoutMs ?? 60_000;
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`PostgreSQL was not ready within ${timeoutMs} ms`)), timeoutMs);
    child.once('message', (m: { ready: boolean; url?: string; error?: string }) => {
      clearTimeout(timer);
      if (m.ready && m.url) resolve(m.url);
      else reject(new Error(`PostgreSQL did not start: ${m.error ?? 'no reason given'}`));
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`PostgreSQL's runner exited (${signal ?? code}) before it was ready`));
    });
  }).catch(async (err: unknown) => {
    await stopChild(child, 'SIGINT', 10_000);
    throw err;
  });
  // The IPC channel stays open: the runner stops the server if this process goes away.
  const exited = new Promise<string>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(String(child.exitCode ?? child.signalCode));
    else child.once('exit', (code, signal) => resolve(String(signal ?? code)));
  });
  return { url, pid: child.pid ?? -1, exited, stop: () => stopChild(child, 'SIGINT', 20_000) };
}
