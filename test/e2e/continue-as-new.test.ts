import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { commandsToReachReady, officerOf, PARTNERS } from '../domain/fixtures';
import { act, nextFinancialYearAfter, recordingActivities, stateOf, termsForFinancialYear } from '../helpers/arrangements';
import { recordHistoryFixture } from '../helpers/history-fixtures';
import { uniqueRef, uniqueTaskQueue, withWorkerOn } from '../helpers/temporal';
import { startDevServer, type DevServer } from '../../scripts/temporal/dev-server';
import { arrangementWorkflowId, commandUpdate } from '../../workflows/contract';

// A server that suggests continue-as-new after 40 events, so an ordinary set-up crosses it several times.
const SUGGEST_AT = 40;

let server: DevServer;
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'hapa-can-'));
  server = await startDevServer({
    dbFile: path.join(dir, 'temporal.db'),
    stdio: 'ignore',
    extraArgs: ['--dynamic-config-value', `limit.historyCount.suggestContinueAsNew=${SUGGEST_AT}`],
  });
});
afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('when the server suggests continue-as-new, then the arrangement continues in a new run with its whole state, audit trail, memo and recent Update results', async () => {
  const taskQueue = uniqueTaskQueue();
  const activities = recordingActivities();
  await withWorkerOn(server.address, taskQueue, activities, async (client) => {
    const terms = termsForFinancialYear(nextFinancialYearAfter(Date.now()));
    const ref = uniqueRef('CAN');
    const started = await client.workflow.start('arrangementWorkflow', {
      taskQueue,
      workflowId: arrangementWorkflowId(ref),
      args: [{ create: { ref, terms }, createdBy: officerOf(PARTNERS.ha.id) }],
      memo: { fingerprint: 'abc' },
    });
    const handle = client.workflow.getHandle(started.workflowId);
    const steps = commandsToReachReady(terms);
    const [first, ...rest] = steps;
    // The API derives Update IDs from Idempotency-Key; this one is retried after several new runs.
    const sendFirst = () =>
      handle.executeUpdate(commandUpdate, { args: [{ command: first!.command, actor: first!.actor }], updateId: 'retried-submit' });
    const firstResult = await sendFirst();
    for (const step of rest) await act(handle, step);

    const state = await stateOf(handle);
    expect(state.status).toBe('ready');
    expect(state.audit.filter((a) => a.actorId !== 'system').map((a) => a.action)).toEqual([
      'created',
      ...steps.map((s) => s.command.type),
    ]);
    const description = await handle.describe();
    expect(description.runId).not.toBe(started.firstExecutionRunId);
    expect(description.memo).toEqual({ fingerprint: 'abc' });
    expect(description.historyLength).toBeLessThan(SUGGEST_AT * 2);
    // The read model's revisions keep rising across the runs, so no later write is mistaken for an older one.
    const revisions = activities.summaries.map((s) => s.revision);
    expect(revisions).toEqual([...revisions].sort((a, b) => a - b));
    expect(new Set(revisions).size).toBe(revisions.length);
    expect(activities.summaries.at(-1)).toMatchObject({ ref, status: 'ready' });

    // A retry of the first command, now in a later run, returns its first result and applies nothing.
    await expect(sendFirst()).resolves.toEqual(firstResult);
    expect((await stateOf(handle)).audit).toHaveLength(state.audit.length);
    await recordHistoryFixture(handle, 'continue-as-new');
  });
});
