/**
 * B3's limit (issue 17): `count` workflows of the minimal type in `limit-workflow.ts`, on their own
 * task queue and their own worker (`limit-worker.ts`) on the same server, all woken at one instant
 * as B3's arrangements are, and the time from that instant until every one's activity has run. Each
 * activity POSTs to a listener in this process, as hapa's send their email to the sink here. The
 * worker is stopped before this returns, so it cannot disturb what runs next.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { stopChild } from '../scripts/stop-child';
import { WORKER_NODE_FLAGS } from '../worker/node-flags';
import type { limitWorkflow } from './limit-workflow';
import { cpuSecondsOf, pool, sleep } from './measure';
import { startEntryPoint, type EntryPoint, type System } from './system';

/** What the limit took, in milliseconds after the instant (NaN when not every activity ran). */
export interface LimitResult {
  readonly count: number;
  /** Distinct workflows whose activity reported. */
  readonly ran: number;
  readonly firstMs: number;
  readonly allMs: number;
  /** CPU seconds from the instant until every activity had run: the limit's worker and the dev server. */
  readonly cpu?: { readonly worker: number; readonly server: number };
}

const { TASK_QUEUE_TYPE_WORKFLOW, TASK_QUEUE_TYPE_ACTIVITY } = temporal.api.enums.v1.TaskQueueType;

/** Waits until the limit worker polls both its workflow and its activity queue (it bundles its workflow first). */
async function untilPolling(sys: System, worker: EntryPoint, taskQueue: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (const taskQueueType of [TASK_QUEUE_TYPE_WORKFLOW, TASK_QUEUE_TYPE_ACTIVITY]) {
    for (;;) {
      if (worker.child.exitCode !== null)
        throw new Error(`the limit worker exited with code ${worker.child.exitCode}; see ${worker.logFile}`);
      const { pollers } = await sys.client.workflowService.describeTaskQueue({
        namespace: sys.server.namespace,
        taskQueue: { name: taskQueue },
        taskQueueType,
      });
      if (pollers.length > 0) break;
      if (Date.now() > deadline) throw new Error(`the limit worker was not polling within ${timeoutMs} ms; see ${worker.logFile}`);
      await sleep(200);
    }
  }
}

/** Listens on 127.0.0.1 for the activities' reports, noting when each workflow's first arrived. */
async function startReceiver(): Promise<{ server: Server; url: string; arrivals: Map<string, number> }> {
  const arrivals = new Map<string, number>();
  const server = createServer((req, res) => {
    // `<url>/<workflow id>`: the id is the last segment.
    const id = decodeURIComponent((req.url ?? '').split('/').pop() ?? '');
    if (!arrivals.has(id)) arrivals.set(id, Date.now());
    req.resume();
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/ran`, arrivals };
}

/** Runs the limit with `count` workflows, started at `concurrency` like B3's. */
export async function stormLimit(sys: System, count: number, concurrency: number, log: (line: string) => void): Promise<LimitResult> {
  const run = randomUUID().slice(0, 6);
  const taskQueue = `bench-limit-${run}`;
  const ids = Array.from({ length: count }, (_, i) => `B3-limit-${run}-${i}`);
  const receiver = await startReceiver();
  const worker = startEntryPoint(
    'limit-worker',
    'bench/limit-worker.ts',
    { ...sys.env, TEMPORAL_TASK_QUEUE: taskQueue },
    sys.dir,
    WORKER_NODE_FLAGS,
  );
  const stop = () => stopChild(worker.child);
  const untrack = sys.track(stop);
  try {
    await untilPolling(sys, worker, taskQueue, 120_000);
    // The same lead as B3's arrangements.
    const leadMs = 15_000 + count * 25;
    const dueAt = Date.now() + leadMs;
    // The SDK's default data converter on both sides, like the limit's worker (the system's client encrypts, as hapa's API does).
    const plain = new Client({ connection: sys.client.connection, namespace: sys.server.namespace });
    await pool(ids, concurrency, (workflowId) =>
      plain.workflow.start<typeof limitWorkflow>('limitWorkflow', {
        workflowId,
        taskQueue,
        args: [{ reportUrl: receiver.url }],
        startDelay: Math.max(1, dueAt - Date.now()),
      }),
    );
    const spare = dueAt - Date.now();
    log(`B3 limit: ${count} minimal workflows scheduled; they fall due in ${(spare / 1000).toFixed(1)} s`);
    if (spare < 1_000) throw new Error(`B3 limit: starting took longer than the ${leadMs} ms lead`);

    const deadline = dueAt + 5 * 60_000;
    const mine = () => ids.filter((id) => receiver.arrivals.has(id));
    // Who spends the cores, measured as in hapa's storm: from the instant to the last activity.
    const cpuNow = () => ({ worker: cpuSecondsOf(worker.child.pid ?? -1), server: cpuSecondsOf(sys.server.pid) });
    await sleep(Math.max(0, dueAt - Date.now()));
    const cpuAtInstant = cpuNow();
    while (mine().length < count && Date.now() < deadline) await sleep(50);
    const cpuAtAll = cpuNow();
    const times = mine().map((id) => (receiver.arrivals.get(id) ?? Number.NaN) - dueAt);
    const ran = times.length;
    const result: LimitResult = {
      count,
      ran,
      firstMs: ran > 0 ? Math.min(...times) : Number.NaN,
      allMs: ran === count ? Math.max(...times) : Number.NaN,
      cpu: { worker: cpuAtAll.worker - cpuAtInstant.worker, server: cpuAtAll.server - cpuAtInstant.server },
    };
    // Each workflow's last task (completing it) follows its activity: wait for them, so none runs
    // into hapa's storm.
    const completed = `TaskQueue = '${taskQueue}' AND ExecutionStatus = 'Completed'`;
    while (Date.now() < deadline && (await sys.client.workflow.count(completed)).count < count) await sleep(250);
    log(`B3 limit: ${ran}/${count} ran; all ${(result.allMs / 1000).toFixed(2)} s after the instant`);
    return result;
  } finally {
    await stop();
    untrack();
    await new Promise<void>((resolve) => receiver.server.close(() => resolve()));
  }
}
