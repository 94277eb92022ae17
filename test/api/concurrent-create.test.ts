/**
 * Idempotent creation under contention: twenty identical creates at once start exactly one
 * workflow; one answer is 201 and the others 200 with the same arrangement.
 */
import { arrangementWorkflowId } from '../../workflows/contract';
import { uniqueRef } from '../helpers/temporal';
import { call, tokenFor } from './api-harness';
import { createBody, FIXTURE } from './api-fixtures';
import { eventually } from '../helpers/eventually';
import { startLiveApi, type LiveApi } from './live-api';

let live: LiveApi;
beforeAll(async () => {
  live = await startLiveApi();
});
afterAll(() => live?.stop());

test('when 20 identical creates arrive together, then exactly one workflow exists and all answer the same arrangement', async () => {
  const ref = uniqueRef('RACE');
  const token = await tokenFor({ sub: 'alice', role: 'partnerOfficer', org: FIXTURE.partyOrg });
  const body = createBody(ref);
  const answers = await Promise.all(Array.from({ length: 20 }, () => call(live.api, 'POST', '/arrangements', { token, body })));

  const statuses = answers.map((a) => a.status).sort();
  expect(statuses.filter((s) => s === 201)).toHaveLength(1);
  expect(statuses.filter((s) => s === 200)).toHaveLength(19);
  for (const a of answers) expect(a.body).toMatchObject({ ref, workflowId: arrangementWorkflowId(ref) });

  const query = `WorkflowId = '${arrangementWorkflowId(ref)}'`;
  await eventually(async () => expect((await live.env.client.workflow.count(query)).count).toBe(1));
  // Visibility is eventually consistent: give a stray second run time to appear before concluding.
  await new Promise((r) => setTimeout(r, 1000));
  expect((await live.env.client.workflow.count(query)).count).toBe(1);

  const audit = await call(live.api, 'GET', `/arrangements/${ref}/audit`, { token });
  expect(audit.body.entries!.filter((e) => e.action === 'created')).toHaveLength(1);
});

test('when the same reference is created with a different body, then 409 and the first arrangement is untouched', async () => {
  const ref = uniqueRef('RACE');
  const token = await tokenFor({ sub: 'alice', role: 'partnerOfficer', org: FIXTURE.partyOrg });
  expect((await call(live.api, 'POST', '/arrangements', { token, body: createBody(ref) })).status).toBe(201);
  const different = createBody(ref);
  different.terms.aims = ['Another aim'];
  const res = await call(live.api, 'POST', '/arrangements', { token, body: different });
  expect(res).toMatchObject({ status: 409, body: { error: 'conflict', details: [{ path: 'body.ref' }] } });
  const state = await call(live.api, 'GET', `/arrangements/${ref}?consistent=true`, { token });
  expect(state.body.terms?.aims).not.toEqual(['Another aim']);
});
