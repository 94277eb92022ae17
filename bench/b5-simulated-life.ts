/**
 * B5 simulated life: whole lives of one arrangement on the time-skipping test server, with the real
 * email activities sending to the SMTP sink: the three-year life of the workflow test and a
 * five-year life with two variations. The figure is the wall time of each life, from the first
 * skip to the workflow's result; bundling the workflow code is timed separately.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode } from '@temporalio/worker';
import { createActivities } from '../activities/activities';
import { createMailTransport } from '../activities/mail-transport';
import { createSentLog } from '../activities/sent-log';
import { openDatabase } from '../store/database';
import { createRegister } from '../store/register';
import { createReadModel } from '../store/read-model';
import { registerSearchAttributes } from '../scripts/temporal/dev-server';
import { provisionTool, TEMPORAL_TEST_SERVER } from '../scripts/temporal/provision';
import { officerOf, PARTNERS } from '../test/domain/fixtures';
import { skipTo } from '../test/helpers/temporal';
import { createArrangementWorker } from '../worker/create-worker';
import { workflowBundleOptions } from '../worker/workflow-bundle';
import type { arrangementWorkflow } from '../workflows/arrangement-workflow';
import { ARRANGEMENT_WORKFLOW_TYPE, arrangementWorkflowId, stateQuery } from '../workflows/contract';
import { fiveYearLife, threeYearLife, type Life } from './life-timelines';
import { nowMs } from './measure';
import { ceiling, info, type Row } from './report';
import { actThroughClient, PROPOSER, setUpScript } from './scenario';
import type { System } from './system';

const host = officerOf(PARTNERS.county.id);

interface LifeResult {
  wallMs: number;
  status: string;
  events: number;
  emails: number;
}

async function live(env: TestWorkflowEnvironment, taskQueue: string, life: Life, sys: System): Promise<LifeResult> {
  const ref = `B5-${randomUUID().slice(0, 8)}`;
  const emailsBefore = sys.sink.messages.length;
  const started = nowMs();
  await skipTo(env, life.setUpAt);
  const handle = await env.client.workflow.start<typeof arrangementWorkflow>(ARRANGEMENT_WORKFLOW_TYPE, {
    workflowId: arrangementWorkflowId(ref),
    taskQueue,
    args: [{ create: { ref, terms: life.terms }, createdBy: PROPOSER }],
  });
  let n = 0;
  const act = (step: Parameters<typeof actThroughClient>[1]) => actThroughClient(handle, step, `${ref}-${(n += 1)}`);
  for (const step of setUpScript(life.terms)) await act(step);
  for (const [when, step] of life.timeline) {
    await skipTo(env, when);
    await act(step);
  }
  // To the end (notice or expiry), then complete the wind-up; the workflow closes on the termination date.
  let state = await handle.query(stateQuery);
  if (state.status === 'active') {
    await skipTo(env, `${life.terms.endDate}T12:00`);
    state = await handle.query(stateQuery);
  }
  for (const o of state.obligations.filter((x) => x.kind === 'windUp' && x.status === 'open')) {
    await act({ command: { type: 'completeWindUpItem', itemId: o.id.replace('windUp:', '') as never }, actor: host });
  }
  const final = await handle.result();
  const wallMs = nowMs() - started;
  const history = await handle.fetchHistory();
  return { wallMs, status: final.status, events: history.events?.length ?? 0, emails: sys.sink.messages.length - emailsBefore };
}

/** Runs B5: both lives on one time-skipping server (its clock only moves forward, and 2045 follows 2043). */
export async function simulatedLife(sys: System, log: (line: string) => void): Promise<Row[]> {
  const testServer = await provisionTool(TEMPORAL_TEST_SERVER, { log });
  const bundleStarted = nowMs();
  const { code } = await bundleWorkflowCode({
    ...workflowBundleOptions(),
    logger: { log() {}, trace() {}, debug() {}, info() {}, warn: (m: string) => log(m), error: (m: string) => log(m) },
  });
  const bundleMs = nowMs() - bundleStarted;
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: testServer.path } },
  });
  const untrack = sys.track(() => env.teardown());
  try {
    await registerSearchAttributes(env.connection, env.namespace ?? 'default');
    const dataDir = path.join(sys.dir, 'b5');
    const db = openDatabase(sys.databaseUrl);
    sys.track(() => db.destroy());
    const activities = createActivities({
      transport: createMailTransport({ SMTP_URL: sys.sink.url(), HAPA_DATA_DIR: dataDir }),
      sentLog: createSentLog(db),
      register: createRegister(db),
      readModel: createReadModel(db),
      from: 'hapa <no-reply@hapa.example>',
      arrangementUrl: (ref) => `https://hapa.example/arrangements/${ref}`,
    });
    const taskQueue = `bench-b5-${randomUUID()}`;
    const worker = await createArrangementWorker({
      connection: env.nativeConnection,
      namespace: env.namespace ?? 'default',
      taskQueue,
      activities,
      workflowBundle: { code },
    });
    const [three, five] = await worker.runUntil(async () => {
      const a = await live(env, taskQueue, threeYearLife(), sys);
      log(`B5 three-year life: ${(a.wallMs / 1000).toFixed(2)} s`);
      const b = await live(env, taskQueue, fiveYearLife(), sys);
      log(`B5 five-year life: ${(b.wallMs / 1000).toFixed(2)} s`);
      return [a, b] as const;
    });
    const describe = (r: LifeResult) => `${r.status}, ${r.events} history events, ${r.emails} emails`;
    return [
      info('B5', 'workflow bundle (once, not in the lives)', `${(bundleMs / 1000).toFixed(2)} s`),
      info('B5', 'three-year life, wall time', `${(three.wallMs / 1000).toFixed(2)} s (${describe(three)})`),
      ceiling(
        'B5',
        'five-year life with two variations, wall time',
        five.wallMs,
        10_000,
        (v) => `${(v / 1000).toFixed(2)} s (${describe(five)})`,
        '≤ 10 s',
      ),
    ];
  } finally {
    untrack();
    await env.teardown();
  }
}
