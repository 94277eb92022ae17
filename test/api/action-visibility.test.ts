/**
 * Who may see an arrangement before an action is decided from the read model's row when it has one
 * (issue 17 §3: no describe on the common path), and the answers stay those of the allow/deny table
 * (docs/api.md) when the row lags the workflow or says it has ended.
 */
import type { ArrangementSummary } from '../../store/read-model';
import { emptyReadModel } from '../web/empty-read-model';
import { call, startApi, tokenFor, type RunningApi } from './api-harness';
import { createBody, FIXTURE } from './api-fixtures';
import { callOps, fakeTemporal, type FakeTemporal } from './fake-temporal';

const rows = new Map<string, ArrangementSummary>();
const rowOf = (ref: string, partnerIds: string[], status: ArrangementSummary['status'] = 'draft'): ArrangementSummary => ({
  ref,
  workflowId: `arrangement:${ref}`,
  revision: 1,
  status,
  region: FIXTURE.region,
  types: ['pooledFund'],
  partners: partnerIds.map((id) => ({ id, name: id })),
  startDate: '2030-04-01',
  updatedAt: '2030-01-01T00:00:00.000Z',
});

let fake: FakeTemporal;
let api: RunningApi;
let partner: string;
let outsider: string;

beforeEach(async () => {
  rows.clear();
  fake = fakeTemporal();
  api = await startApi(fake, { readModel: { ...emptyReadModel(), readSummary: (ref) => Promise.resolve(rows.get(ref)) } });
  partner = await tokenFor({ sub: 'alice', role: 'partnerOfficer', org: FIXTURE.partyOrg });
  outsider = await tokenFor({ sub: 'eve', role: 'partnerOfficer', org: 'pct-elsewhere' });
  expect((await call(api, 'POST', '/arrangements', { token: partner, body: createBody('ARR-1') })).status).toBe(201);
  fake.calls.length = 0;
});
afterEach(() => api.close());

test('when the read model shows the caller among the parties, then the action goes straight to the Update, logged on one line', async () => {
  rows.set('ARR-1', rowOf('ARR-1', [FIXTURE.partyOrg]));
  const res = await call(api, 'POST', '/arrangements/ARR-1/submitProposal', { token: partner, body: {} });
  expect(res).toMatchObject({ status: 200, body: { ref: 'ARR-1', auditIndex: 1 } });
  expect(callOps(fake)).toEqual(['update']);
  const lines = api.logs.filter((line) => line.url === '/arrangements/ARR-1/submitProposal');
  expect(lines).toEqual([
    expect.objectContaining({ msg: 'request completed', status: 200, ref: 'ARR-1', action: 'submitProposal', auditIndex: 1 }),
  ]);
});

test('when the read model has no row yet, then the describe decides as before', async () => {
  expect((await call(api, 'POST', '/arrangements/ARR-1/submitProposal', { token: partner, body: {} })).status).toBe(200);
  expect(callOps(fake)).toEqual(['describe', 'update']);
  expect((await call(api, 'POST', '/arrangements/ARR-1/submitProposal', { token: outsider, body: {} })).status).toBe(404);
});

test('when a lagging row still names a caller the workflow does not, then the same 404 as an unknown reference, and nothing applied', async () => {
  const unknown = await call(api, 'POST', '/arrangements/NOPE/submitProposal', { token: outsider, body: {} });
  rows.set('ARR-1', rowOf('ARR-1', [FIXTURE.partyOrg, 'pct-elsewhere']));
  const res = await call(api, 'POST', '/arrangements/ARR-1/submitProposal', { token: outsider, body: {} });
  expect(res).toMatchObject({ status: 404, body: { ...unknown.body, message: String(unknown.body.message).replace('NOPE', 'ARR-1') } });
  expect(fake.workflows.get('arrangement:ARR-1')?.applied).toEqual([]);
});

test('when the row says the arrangement has ended, then 409 arrangementClosed from the describe, with no Update', async () => {
  rows.set('ARR-1', rowOf('ARR-1', [FIXTURE.partyOrg], 'abandoned'));
  fake.close('arrangement:ARR-1');
  const res = await call(api, 'POST', '/arrangements/ARR-1/submitProposal', { token: partner, body: {} });
  expect(res).toMatchObject({ status: 409, body: { error: 'arrangementClosed' } });
  expect(callOps(fake)).toEqual(['describe']);
});

test('when the workflow has closed but the row has not caught up, then 409 arrangementClosed all the same', async () => {
  rows.set('ARR-1', rowOf('ARR-1', [FIXTURE.partyOrg]));
  fake.close('arrangement:ARR-1');
  const res = await call(api, 'POST', '/arrangements/ARR-1/submitProposal', { token: partner, body: {} });
  expect(res).toMatchObject({ status: 409, body: { error: 'arrangementClosed' } });
  expect(fake.workflows.get('arrangement:ARR-1')?.applied).toEqual([]);
});

test('when an outsider is outside the row and the workflow, then 404 from the describe, as before', async () => {
  rows.set('ARR-1', rowOf('ARR-1', [FIXTURE.partyOrg]));
  const res = await call(api, 'POST', '/arrangements/ARR-1/submitProposal', { token: outsider, body: {} });
  expect(res).toMatchObject({ status: 404, body: { error: 'notFound' } });
  expect(callOps(fake)).toEqual(['describe']);
});
