/**
 * A real worker process (`worker/main.ts`, as `npm run worker` runs it) on the run's dev server,
 * for tests that kill workers the way a crash would (SIGKILL) and read what they log.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { WORKER_NODE_FLAGS } from '../../worker/node-flags';
import { eventually } from './eventually';
import { testEnv } from './test-env';

const root = path.resolve(__dirname, '../..');

/** A running worker process and what it has written (stdout and stderr together). */
export interface WorkerProcess {
  readonly child: ChildProcess;
  output(): string;
  /** Settles when the process has exited and its output is all read. */
  readonly exited: Promise<void>;
  /** Resolves once the worker polls its task queue (its "worker polling" line). */
  polling(timeoutMs?: number): Promise<void>;
}

/** Starts `worker/main.ts` with `env` over ours: TEMPORAL_ADDRESS is the run's dev server, metrics off unless set. */
export function startWorkerProcess(env: NodeJS.ProcessEnv): WorkerProcess {
  const child = spawn(process.execPath, [...WORKER_NODE_FLAGS, '--import', 'tsx', path.join(root, 'worker/main.ts')], {
    cwd: root,
    env: {
      ...process.env,
      TEMPORAL_ADDRESS: testEnv('temporalAddress'),
      HAPA_WORKER_METRICS_PORT: '0',
      // These tests watch single emails go out: every message at once, unless a test asks for digests.
      HAPA_DIGEST_DEFAULT: 'immediate',
      HAPA_DIGEST_BURST_LIMIT: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  return {
    child,
    output: () => text,
    exited,
    polling: (timeoutMs = 60_000) =>
      eventually(
        () => {
          if (child.exitCode !== null) throw new Error(`the worker exited: ${text}`);
          expect(text).toContain('"msg":"worker polling"');
        },
        timeoutMs,
        100,
      ),
  };
}
