/**
 * The register in PostgreSQL keeps what Temporal forgets: a closed arrangement whose workflow has
 * been deleted (as the namespace's retention would) still reads, and its reference is never reused.
 */
import { createRegister } from '../../store/register';
import { arrangementWorkflowId } from '../../workflows/contract';
import { uniqueRef } from '../helpers/temporal';
import { call, tokenFor } from './api-harness';
import { createBody, FIXTURE, futureTerms } from './api-fixtures';
import { eventually } from '../helpers/eventually';
import { startLiveApi, type LiveApi } from './live-api';

let live: LiveApi;
beforeAll(async () => {
  live = await startLiveApi();
});
afterAll(() => live?.stop());

const partyToken = () => tokenFor({ sub: `officer@${FIXTURE.partyOrg}`, role: 'partnerOfficer', org: FIXTURE.partyOrg });

async function deleteFromTemporal(ref: string): Promise<void> {
  await live.env.client.workflowService.deleteWorkflowExecution({
    namespace: live.env.namespace ?? 'default',
    workflowExecution: { workflowId: arrangementWorkflowId(ref) },
  });
  // The dev server deletes asynchronously: about 30 s passed before describe stopped answering.
  await eventually(async () => expect(await live.workflowExists(ref)).toBe(false), 90_000);
}

test('when a closed arrangement is deleted from Temporal, then it still reads from the register and its reference is still refused', async () => {
  const ref = uniqueRef('GONE');
  const proposer = await partyToken();
  const outsider = await tokenFor({ sub: 'bob', role: 'partnerOfficer', org: 'pct-elsewhere' });
  const body = createBody(ref);
  expect((await call(live.api, 'POST', '/arrangements', { token: proposer, body })).status).toBe(201);
  expect(
    (await call(live.api, 'POST', `/arrangements/${ref}/abandon`, { token: proposer, body: { reason: 'Funding withdrawn' } })).status,
  ).toBe(200);
  const handle = live.env.client.workflow.getHandle(arrangementWorkflowId(ref));
  await eventually(async () => expect((await handle.describe()).status.name).toBe('COMPLETED'));
  const whileHeld = await call(live.api, 'GET', `/arrangements/${ref}`, { token: proposer });

  await deleteFromTemporal(ref);

  const closure = (await createRegister(live.database.db).entryOf(ref))?.closure;
  expect(closure).toMatchObject({ ref, workflowId: arrangementWorkflowId(ref), outcome: 'abandoned' });
  const read = await call(live.api, 'GET', `/arrangements/${ref}`, { token: proposer });
  expect(read).toMatchObject({ status: 200, body: { ref, status: 'abandoned' } });
  expect(read.body).toEqual(whileHeld.body);
  expect((await call(live.api, 'GET', `/arrangements/${ref}/audit`, { token: proposer })).body.entries!.at(-1)).toMatchObject({
    action: 'abandon',
  });
  expect((await call(live.api, 'GET', `/arrangements/${ref}`, { token: outsider })).status).toBe(404);

  const reused = await call(live.api, 'POST', '/arrangements', {
    token: proposer,
    body: createBody(ref, futureTerms(Date.now() + 366 * 86_400_000)),
  });
  expect(reused).toMatchObject({ status: 409, body: { error: 'conflict' } });
  expect(await call(live.api, 'POST', '/arrangements', { token: proposer, body })).toMatchObject({ status: 200, body: { created: false } });
  expect(await live.workflowExists(ref)).toBe(false);
}, 150_000);

test('when a reference is reserved and a second body races for it, then only the first body creates and the register holds it', async () => {
  const ref = uniqueRef('RACE');
  const proposer = await partyToken();
  const first = createBody(ref);
  const second = createBody(ref, futureTerms(Date.now() + 366 * 86_400_000));

  const answers = await Promise.all(
    [first, second, first, second].map((body) => call(live.api, 'POST', '/arrangements', { token: proposer, body })),
  );

  const statuses = answers.map((a) => a.status).sort();
  expect(statuses.filter((s) => s === 201)).toHaveLength(1);
  expect(statuses.filter((s) => s === 409).length).toBeGreaterThanOrEqual(2);
  expect(await createRegister(live.database.db).entryOf(ref)).toMatchObject({ ref, workflowId: arrangementWorkflowId(ref) });
});
