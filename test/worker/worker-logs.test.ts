/**
 * The worker process logs JSON lines through the same logger as the API (issue 16 §5): before, the
 * SDK's default logger and console.log wrote plain text.
 */
import os from 'node:os';
import path from 'node:path';
import { testDatabase } from '../helpers/database';
import { uniqueTaskQueue } from '../helpers/temporal';
import { startWorkerProcess } from '../helpers/worker-process';
import { pickFreePort } from '../../scripts/temporal/dev-server';

test("when the worker starts and stops, then every line it writes is JSON with the API fields, the SDK's own lines included, and it serves the SDK's metrics", async () => {
  const database = await testDatabase();
  const metricsPort = await pickFreePort();
  const worker = startWorkerProcess({
    TEMPORAL_TASK_QUEUE: uniqueTaskQueue(),
    DATABASE_URL: database.url,
    HAPA_DATA_DIR: path.join(os.tmpdir(), `hapa-worker-logs-${process.pid}`),
    LOG_LEVEL: 'info',
    HAPA_WORKER_METRICS_PORT: String(metricsPort),
  });
  try {
    await worker.polling();
    // The SDK's worker metrics, from the Runtime's Prometheus exporter (task slots, pollers).
    const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    expect(metrics).toMatch(/^temporal_worker_task_slots_available\{/m);
    expect(metrics).toMatch(/^temporal_num_pollers\{.*poller_type="workflow_task"/m);
    worker.child.kill('SIGINT');
    await worker.exited;
    const lines = worker.output().trim().split('\n');
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
    worker.child.kill('SIGKILL');
    await database.drop();
  }
}, 90_000);
