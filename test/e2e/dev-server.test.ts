import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Client, WorkflowExecutionInfo } from '@temporalio/client';
import { commandsToReachReady, officerOf, PARTNERS } from '../domain/fixtures';
import {
  act,
  nextFinancialYearAfter,
  recordingActivities,
  startArrangement,
  stateOf,
  termsForFinancialYear,
} from '../helpers/arrangements';
import { eventually } from '../helpers/eventually';
import { recordHistoryFixture } from '../helpers/history-fixtures';
import { devServerEnv, uniqueRef, uniqueTaskQueue, withWorker, withWorkerOn } from '../helpers/temporal';
import { pickFreePort, startDevServer } from '../../scripts/temporal/dev-server';
import { arrangementWorkflowId } from '../../workflows/contract';
import { ARRANGEMENT_REGION } from '../../workflows/search-attributes';

const proposer = officerOf(PARTNERS.ha.id);
const terms = () => termsForFinancialYear(nextFinancialYearAfter(Date.now()));

describe('on the Temporal dev server', () => {
  test('when an arrangement is started through the client and abandoned, then its workflow completes and visibility lists it as abandoned', async () => {
    const env = await devServerEnv();
    try {
      await withWorker(env, recordingActivities(), async ({ taskQueue }) => {
        const ref = uniqueRef();
        const handle = await startArrangement(env.client, taskQueue, { ref, terms: terms() }, proposer);
        await act(handle, { command: { type: 'submitProposal' }, actor: proposer });
        await act(handle, { command: { type: 'abandon', reason: 'superseded' }, actor: proposer });
        expect((await handle.result()).status).toBe('abandoned');
        // Visibility lags the workflow's completion slightly.
        let listed: WorkflowExecutionInfo | undefined;
        await eventually(
          async () => {
            for await (const w of env.client.workflow.list({
              query: `WorkflowId = '${arrangementWorkflowId(ref)}' AND ArrangementStatus = 'abandoned'`,
            }))
              listed = w;
            expect(listed).toBeDefined();
          },
          15_000,
          200,
        );
        if (!listed) throw new Error('not listed');
        expect(listed.status.name).toBe('COMPLETED');
        expect(listed.typedSearchAttributes.get(ARRANGEMENT_REGION)).toBe('northWest');
        // Recorded with the read model's summaries and the register's closure (patches 'read-model-summaries',
        // 'register-closure'); abandoned-draft.json predates both, abandoned-draft-register-closure.json the first.
        await recordHistoryFixture(handle, 'abandoned-draft-read-model');
      });
    } finally {
      await env.teardown();
    }
  });

  test('when the dev server is stopped and restarted on the same database, then a waiting arrangement survives and completes when acted on', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'hapa-persist-'));
    const dbFile = path.join(dir, 'temporal.db');
    const port = await pickFreePort();
    const ref = uniqueRef();
    const taskQueue = uniqueTaskQueue();
    const runWithServer = async <T>(fn: (client: Client) => Promise<T>): Promise<T> => {
      const server = await startDevServer({ dbFile, port, stdio: 'ignore' });
      try {
        return await withWorkerOn(server.address, taskQueue, recordingActivities(), fn);
      } finally {
        await server.stop();
      }
    };
    try {
      const steps = commandsToReachReady(terms());
      await runWithServer(async (client) => {
        const handle = await startArrangement(client, taskQueue, { ref, terms: terms() }, proposer);
        for (const step of steps.slice(0, 4)) await act(handle, step);
        expect((await stateOf(handle)).status).toBe('consultationClosed');
      });
      await runWithServer(async (client) => {
        const handle = client.workflow.getHandle(arrangementWorkflowId(ref));
        const state = await stateOf(handle);
        expect(state.status).toBe('consultationClosed');
        expect(state.audit.map((a) => a.action)).toEqual(
          expect.arrayContaining(['submitProposal', 'recordConsultationResponse', 'closeConsultation']),
        );
        await act(handle, { command: { type: 'abandon', reason: 'test over' }, actor: proposer });
        expect((await handle.result()).status).toBe('abandoned');
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
