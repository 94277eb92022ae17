/**
 * The worker process logs JSON lines through the same logger as the API (issue 16 §5): before, the
 * SDK's default logger and console.log wrote plain text.
 */
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { eventually } from '../helpers/eventually';
import { testDatabase } from '../helpers/database';
import { uniqueTaskQueue } from '../helpers/temporal';
import { testEnv } from '../helpers/test-env';
import { pickFreePort } from '../../scripts/temporal/dev-server';
import { WORKER_NODE_FLAGS } from '../../worker/node-flags';

const root = path.resolve(__dirname, '../..');

test("when the worker starts and stops, then every line it writes is JSON with the API fields, the SDK's own lines included, and it serves the SDK's metrics", async () => {
  const database = await testDatabase();
  const metricsPort = await pickFreePort();
  const dataDir = path.join(os.tmpdir(), `hapa-worker-logs-${process.pid}`);
  const child = spawn(process.execPath, [...WORKER_NODE_FLAGS, '--import', 'tsx', path.join(root, 'worker/main.ts')], {
    cwd: root,
    env: {
      ...process.env,
      TEMPORAL_ADDRESS: testEnv('temporalAddress'),
      TEMPORAL_TASK_QUEUE: uniqueTaskQueue(),
      DATABASE_URL: database.url,
      HAPA_DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      HAPA_WORKER_METRICS_PORT: String(metricsPort),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  try {
    await eventually(() => expect(text).toContain('"msg":"worker polling"'), 60_000, 200);
    // The SDK's worker metrics, from the Runtime's Prometheus exporter (task slots, sticky cache, polls).
    const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    expect(metrics).toMatch(/^temporal_worker_task_slots_available\{/m);
    expect(metrics).toMatch(/^temporal_num_pollers\{.*poller_type="workflow_task"/m);
    child.kill('SIGINT');
    await exited;
    const lines = text.trim().split('\n');
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines) {
      expect(() => JSON.parse(line) as unknown).not.toThrow();
      expect(JSON.parse(line)).toMatchObject({
        level: expect.any(Number),
        time: expect.any(Number),
        service: 'hapa-worker',
        msg: expect.any(String),
      });
    }
    // The SDK's own lines (worker state changes) come through the same logger.
    expect(lines.some((line) => (JSON.parse(line) as { sdkComponent?: string }).sdkComponent === 'worker')).toBe(true);
  } finally {
    child.kill('SIGKILL');
    await database.drop();
  }
}, 90_000);
