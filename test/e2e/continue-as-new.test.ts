import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { commandsToReachReady, officerOf, PARTNERS } from '../domain/fixtures';
import { act, nextFinancialYearAfter, recordingActivities, stateOf, termsForFinancialYear } from '../helpers/arrangements';
import { quietRuntime, uniqueRef, uniqueTaskQueue } from '../helpers/temporal';
import { testEnv } from '../helpers/test-env';
import { startDevServer, type DevServer } from '../../scripts/temporal/dev-server';
import { createArrangementWorker } from '../../worker/create-worker';

// A server that suggests continue-as-new after 40 events, so an ordinary set-up crosses it several times.
const SUGGEST_AT = 40;

let server: DevServer;
let dir: string;
beforeAll(async () => {
  quietRuntime();
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

test('when the server suggests continue-as-new, then the arrangement continues in a new run with its whole state, audit trail and memo', async () => {
  const connection = await Connection.connect({ address: server.address });
  const nativeConnection = await NativeConnection.connect({ address: server.address });
  try {
    const client = new Client({ connection });
    const taskQueue = uniqueTaskQueue();
    const worker = await createArrangementWorker({
      connection: nativeConnection,
      namespace: 'default',
      taskQueue,
      activities: recordingActivities(),
      workflowBundle: { codePath: testEnv('bundlePath') },
    });
    await worker.runUntil(async () => {
      const terms = termsForFinancialYear(nextFinancialYearAfter(Date.now()));
      const ref = uniqueRef('CAN');
      const started = await client.workflow.start('arrangementWorkflow', {
        taskQueue,
        workflowId: `arrangement:${ref}`,
        args: [{ create: { ref, terms }, createdBy: officerOf(PARTNERS.ha.id) }],
        memo: { fingerprint: 'abc' },
      });
      const steps = commandsToReachReady(terms);
      for (const step of steps) await act(client.workflow.getHandle(started.workflowId), step);

      const handle = client.workflow.getHandle(started.workflowId);
      const state = await stateOf(handle);
      expect(state.status).toBe('ready');
      expect(state.audit.filter((a) => a.actorId !== 'system').map((a) => a.action)).toEqual(['created', ...steps.map((s) => s.command.type)]);
      const description = await handle.describe();
      expect(description.runId).not.toBe(started.firstExecutionRunId);
      expect(description.memo).toEqual({ fingerprint: 'abc' });
      expect(description.historyLength).toBeLessThan(SUGGEST_AT * 2);
    });
  } finally {
    await connection.close();
    await nativeConnection.close();
  }
});
