/**
 * Runs the Temporal CLI dev server as a child process, with our own readiness loop (the SDK's
 * gives up after 5 s, which a cold start on a busy 2-core machine can exceed), and registers
 * hapa's search attributes through the operator service once it answers.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { status } from '@grpc/grpc-js';
import { temporal } from '@temporalio/proto';
import { ALL_SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';
import { stopChild } from '../stop-child';
import { provisionTool, TEMPORAL_CLI } from './provision';

/** Options for one dev server process. */
export interface DevServerOptions {
  /** SQLite file; omitted means an in-memory database. */
  readonly dbFile?: string;
  readonly namespace?: string;
  readonly ip?: string;
  /** gRPC port; 0 or absent picks a free one. */
  readonly port?: number;
  /** Web UI port; absent means headless. */
  readonly uiPort?: number;
  readonly logLevel?: 'debug' | 'info' | 'warn' | 'error';
  readonly readyTimeoutMs?: number;
  readonly log?: (line: string) => void;
  /** More `start-dev` arguments, e.g. `--dynamic-config-value` overrides for tests. */
  readonly extraArgs?: readonly string[];
  /**
   * Where the server's own output goes: inherited by default; `capture` keeps its last lines for the
   * error when it fails to start or exits (`npm start`), and passes it to our stderr once it is ready.
   */
  readonly stdio?: 'inherit' | 'ignore' | 'capture';
}

/** How a server process ended: its exit code or signal, and the last of its output when captured. */
export interface ServerExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly output: string;
}

/** A running dev server. */
export interface DevServer {
  readonly address: string;
  readonly namespace: string;
  readonly uiUrl?: string;
  readonly pid: number;
  /** Settles when the process exits, for whatever reason. */
  readonly exited: Promise<ServerExit>;
  /** Stops the server with SIGTERM (SIGKILL after a grace period) and waits for it to exit. */
  stop(): Promise<void>;
}

/** Asks the OS for a free TCP port on loopback. */
export async function pickFreePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until the namespace answers `describeNamespace`, or throws at the deadline. */
export async function waitForNamespace(address: string, namespace: string, timeoutMs: number, child?: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (child && (child.exitCode !== null || child.signalCode !== null)) {
      throw new Error(`the Temporal dev server exited (${child.exitCode ?? child.signalCode}) before it was ready`);
    }
    try {
      const connection = await Connection.connect({ address, connectTimeout: '1s' });
      try {
        await connection.workflowService.describeNamespace({ namespace });
        return;
      } finally {
        await connection.close();
      }
    } catch (err) {
      lastError = err;
      await sleep(250);
    }
  }
  throw new Error(`Temporal at ${address} (namespace ${namespace}) was not ready within ${timeoutMs} ms`, { cause: lastError });
}

/**
 * Registers any of hapa's search attributes the namespace lacks. Flags on the command line are
 * ignored by a persisted database on restart, so registration always goes through the API.
 */
export async function registerSearchAttributes(connection: Connection, namespace: string): Promise<string[]> {
  const { IndexedValueType } = temporal.api.enums.v1;
  const known = new Set(Object.keys((await listCustomSearchAttributes(connection, namespace)) ?? {}));
  const missing = ALL_SEARCH_ATTRIBUTES.filter((key) => !known.has(key.name));
  if (missing.length === 0) return [];
  const searchAttributes: Record<string, temporal.api.enums.v1.IndexedValueType> = {};
  for (const key of missing) {
    searchAttributes[key.name] = IndexedValueType[`INDEXED_VALUE_TYPE_${key.type}` as keyof typeof IndexedValueType];
  }
  await connection.operatorService.addSearchAttributes({ namespace, searchAttributes });
  return missing.map((key) => key.name);
}

/** The namespace's custom attributes; undefined where the server cannot list them (the time-skipping server). */
async function listCustomSearchAttributes(connection: Connection, namespace: string): Promise<Record<string, unknown> | undefined> {
  try {
    return (await connection.operatorService.listSearchAttributes({ namespace })).customAttributes ?? {};
  } catch (err) {
    if (err instanceof Error && 'code' in err && err.code === status.UNIMPLEMENTED) return undefined;
    throw err;
  }
}

/** Starts a dev server, waits for it, and registers the search attributes. */
export async function startDevServer(options: DevServerOptions = {}): Promise<DevServer> {
  const log = options.log ?? (() => undefined);
  const namespace = options.namespace ?? 'default';
  const ip = options.ip ?? '127.0.0.1';
  const port = options.port || (await pickFreePort(ip));
  const cli = await provisionTool(TEMPORAL_CLI, { log });
  const args = [
    'server',
    'start-dev',
    '--ip',
    ip,
    '--port',
    String(port),
    '--namespace',
    namespace,
    '--log-level',
    options.logLevel ?? 'error',
  ];
  if (options.dbFile) {
    mkdirSync(path.dirname(options.dbFile), { recursive: true });
    // WAL with synchronous=normal: about 10x the default journal's throughput; may lose the last
    // transactions on power loss but never corrupts the file.
    args.push('--db-filename', options.dbFile, '--sqlite-pragma', 'journal_mode=wal', '--sqlite-pragma', 'synchronous=normal');
  }
  if (options.uiPort) args.push('--ui-port', String(options.uiPort));
  else args.push('--headless');
  // Tests reuse workflow ids across runs on one server; without this a closed id blocks for 1 s.
  args.push('--dynamic-config-value', 'history.workflowIdReuseMinimalInterval="0s"');
  args.push(...(options.extraArgs ?? []));

  const stdio = options.stdio ?? 'inherit';
  const child = spawn(cli.path, args, { stdio: ['ignore', stdio === 'capture' ? 'pipe' : stdio, stdio === 'capture' ? 'pipe' : stdio] });
  const output = captureTail(child, stdio === 'capture');
  // 'close', not 'exit': by then the captured output has all arrived.
  const exited = new Promise<ServerExit>((resolve) =>
    child.once('close', (code, signal) => resolve({ code, signal, output: output.text() })),
  );
  const stop = () => stopChild(child);
  const address = `${ip}:${port}`;
  try {
    await waitForNamespace(address, namespace, options.readyTimeoutMs ?? 60_000, child);
    const connection = await Connection.connect({ address });
    try {
      await registerSearchAttributes(connection, namespace);
    } finally {
      await connection.close();
    }
  } catch (err) {
    await stop();
    const { output: text } = await exited;
    if (!text || !(err instanceof Error)) throw err;
    // The server's own words (a port in use, a database it cannot open) are what the user needs.
    throw new Error(`${err.message}; it said: ${text}`, { cause: err.cause });
  }
  output.passThrough(process.stderr);
  return {
    address,
    namespace,
    uiUrl: options.uiPort ? `http://${ip === '0.0.0.0' ? '127.0.0.1' : ip}:${options.uiPort}` : undefined,
    pid: child.pid ?? -1,
    exited,
    stop,
  };
}

/** The last few kilobytes a captured child wrote (stdout and stderr together); passed on once ready. */
function captureTail(child: ChildProcess, capture: boolean): { text(): string; passThrough(to: NodeJS.WritableStream): void } {
  let tail = '';
  let sink: NodeJS.WritableStream | undefined;
  if (capture) {
    for (const stream of [child.stdout, child.stderr]) {
      stream?.setEncoding('utf8');
      stream?.on('data', (chunk: string) => {
        tail = (tail + chunk).slice(-4000);
        sink?.write(chunk);
      });
    }
  }
  return {
    text: () => tail.trim(),
    passThrough(to) {
      sink = to;
    },
  };
}
