/**
 * The workflow projects each change of state into the read model through an activity: the summary
 * row follows the arrangement, with a rising revision, on the real dev server.
 */
import { createReadModel } from '../../store/read-model';
import { uniqueRef } from '../helpers/temporal';
import { eventually as pollUntil } from '../helpers/eventually';
import { call, tokenFor } from './api-harness';
import { createBody, FIXTURE } from './api-fixtures';
import { startLiveApi, type LiveApi } from './live-api';

let live: LiveApi;
beforeAll(async () => {
  live = await startLiveApi();
});
afterAll(() => live?.stop());

test('when an arrangement is created, proposed and abandoned, then its read-model summary follows each change with a rising revision', async () => {
  const ref = uniqueRef('RM');
  const proposer = await tokenFor({ sub: `officer@${FIXTURE.partyOrg}`, role: 'partnerOfficer', org: FIXTURE.partyOrg });
  const readModel = createReadModel(live.database.db);
  const body = createBody(ref);

  expect((await call(live.api, 'POST', '/arrangements', { token: proposer, body })).status).toBe(201);
  await pollUntil(async () => expect(await readModel.summaryOf(ref)).toMatchObject({ status: 'draft' }), 15_000, 100);
  const draft = (await readModel.summaryOf(ref))!;
  expect(draft).toMatchObject({
    ref,
    workflowId: `arrangement:${ref}`,
    region: body.terms.regionalOffice.region,
    types: body.terms.types,
    partners: body.terms.partners.map((p) => ({ id: p.id, name: p.name })),
    startDate: body.terms.startDate,
  });

  expect((await call(live.api, 'POST', `/arrangements/${ref}/submitProposal`, { token: proposer, body: {} })).status).toBe(200);
  await pollUntil(async () => expect(await readModel.summaryOf(ref)).toMatchObject({ status: 'consultationOpen' }), 15_000, 100);
  const open = (await readModel.summaryOf(ref))!;
  expect(open.revision).toBeGreaterThan(draft.revision);
  expect(open.nextDeadlineAt).toBeDefined();

  expect(
    (await call(live.api, 'POST', `/arrangements/${ref}/abandon`, { token: proposer, body: { reason: 'Funding withdrawn' } })).status,
  ).toBe(200);
  await pollUntil(async () => expect(await readModel.summaryOf(ref)).toMatchObject({ status: 'abandoned' }), 15_000, 100);
  const final = (await readModel.summaryOf(ref))!;
  expect(final.revision).toBeGreaterThan(open.revision);
  expect(final).not.toHaveProperty('nextDeadlineAt');
  const state = await call(live.api, 'GET', `/arrangements/${ref}`, { token: proposer });
  expect(state.body).toMatchObject({ status: final.status });
});
