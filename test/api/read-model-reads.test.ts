/**
 * Reads served from the read model on the real dev server: the list sorted and as CSV, one
 * arrangement with its revision (and `?consistent=true` from the workflow), the deadlines each
 * caller owes or oversees, and the Regional Office's time-to-decision report.
 */
import { parse } from 'csv-parse/sync';
import { createReadModelQueries } from '../../store/read-model-queries';
import { rebuildReadModel } from '../../scripts/read-model/rebuild';
import { arrangementWorkflowId, readModelQuery } from '../../workflows/contract';
import { commandsToReachReady } from '../domain/fixtures';
import { actAll, stepsBefore } from '../helpers/arrangements';
import { eventually } from '../helpers/eventually';
import { recordHistoryFixture } from '../helpers/history-fixtures';
import { uniqueRef } from '../helpers/temporal';
import { createBody, FIXTURE, futureTerms } from './api-fixtures';
import { call, tokenFor } from './api-harness';
import { startLiveApi, type LiveApi } from './live-api';

let live: LiveApi;
let notified: string;
let draft: string;
const terms = futureTerms();
const steps = commandsToReachReady(terms);
const answer = steps.at(-1)!;
const tokens = {} as Record<'partner' | 'otherPartner' | 'ro' | 'otherRo' | 'admin', string>;

beforeAll(async () => {
  live = await startLiveApi();
  tokens.partner = await tokenFor({ sub: `officer@${FIXTURE.partyOrg}`, role: 'partnerOfficer', org: FIXTURE.partyOrg });
  tokens.otherPartner = await tokenFor({ sub: 'officer@elsewhere', role: 'partnerOfficer', org: 'pct-elsewhere' });
  tokens.ro = await tokenFor({ sub: 'ro@nw', role: 'regionalOfficeOfficer', region: FIXTURE.region });
  tokens.otherRo = await tokenFor({ sub: 'ro@wm', role: 'regionalOfficeOfficer', region: 'westMidlands' });
  tokens.admin = await tokenFor({ sub: 'admin', role: 'administrator' });
  notified = uniqueRef('RMN');
  draft = uniqueRef('RMD');
  for (const ref of [notified, draft])
    expect((await call(live.api, 'POST', '/arrangements', { token: tokens.partner, body: createBody(ref, terms) })).status).toBe(201);
  await actAll(live.env.client.workflow.getHandle(arrangementWorkflowId(notified)), stepsBefore(steps, answer.command.type));
  const queries = createReadModelQueries(live.database.db);
  await eventually(async () => {
    expect(await queries.readArrangement(notified)).toMatchObject({ status: 'notified', decisions: [{ round: 1 }] });
    expect(await queries.readArrangement(draft)).toMatchObject({ status: 'draft' });
  }, 20_000);
}, 120_000);
afterAll(() => live?.stop());

const refsOf = (res: { body: { items?: { ref: string }[] } }) =>
  res.body.items!.map((i) => i.ref).filter((r) => r === notified || r === draft);

test('when the list is sorted by notified-at or by reference, then the rows come in that order', async () => {
  const byNotified = await call(live.api, 'GET', '/arrangements?sort=notifiedAt', { token: tokens.partner });
  expect(refsOf(byNotified)).toEqual([notified, draft]);
  const byRef = await call(live.api, 'GET', '/arrangements?sort=ref', { token: tokens.partner });
  expect(refsOf(byRef)).toEqual([notified, draft].sort());
  expect(byRef.body.items![0]).toMatchObject({ revision: expect.any(Number), running: true });
  expect(refsOf(await call(live.api, 'GET', '/arrangements?status=notified', { token: tokens.admin }))).toEqual([notified]);
  expect(refsOf(await call(live.api, 'GET', '/arrangements', { token: tokens.otherPartner }))).toEqual([]);
  expect(refsOf(await call(live.api, 'GET', '/arrangements', { token: tokens.otherRo }))).toEqual([]);
});

test('when the list is paged, then the next page follows on with its token and a token for other filters is refused', async () => {
  const first = await call(live.api, 'GET', '/arrangements?sort=ref&pageSize=1', { token: tokens.partner });
  expect(first.body.items).toHaveLength(1);
  const token = first.body.nextPageToken as string;
  const second = await call(live.api, 'GET', `/arrangements?sort=ref&pageSize=1&pageToken=${token}`, { token: tokens.partner });
  expect(second.body.items!.map((i) => i.ref)).not.toEqual(first.body.items!.map((i) => i.ref));
  const other = await call(live.api, 'GET', `/arrangements?sort=notifiedAt&pageSize=1&pageToken=${token}`, { token: tokens.partner });
  expect(other).toMatchObject({ status: 400, body: { error: 'invalidRequest', details: [{ path: 'query.pageToken' }] } });
});

test('when the list is asked for as CSV, then it comes as CSV with a header and one line per arrangement', async () => {
  const res = await call(live.api, 'GET', '/arrangements?sort=ref', { token: tokens.partner, headers: { accept: 'text/csv' } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
  const rows = parse<Record<string, string>>(res.text, { columns: true });
  expect(rows.map((r) => r.ref).filter((r) => r === notified || r === draft)).toEqual([notified, draft].sort());
  expect(rows.find((r) => r.ref === notified)).toMatchObject({ status: 'notified', region: FIXTURE.region, running: 'true' });
});

test('when one arrangement is read, then it comes from the read model with its revision; consistent=true asks the workflow', async () => {
  const read = await call(live.api, 'GET', `/arrangements/${notified}`, { token: tokens.partner });
  expect(read.body).toMatchObject({ source: 'readModel', ref: notified, status: 'notified', revision: expect.any(Number), version: 1 });
  expect((read.body as { decisions: unknown[] }).decisions).toEqual([{ round: 1, notifiedAt: expect.any(String) }]);
  const consistent = await call(live.api, 'GET', `/arrangements/${notified}?consistent=true`, { token: tokens.partner });
  expect(consistent.body).toMatchObject({ ref: notified, status: 'notified', audit: expect.any(Array) });
  expect(consistent.body).not.toHaveProperty('source');
  expect((await call(live.api, 'GET', `/arrangements/${notified}`, { token: tokens.otherPartner })).status).toBe(404);
  expect((await call(live.api, 'GET', `/arrangements/${notified}?consistent=maybe`, { token: tokens.partner })).status).toBe(400);
});

test("when deadlines are listed, then a partner sees what its organisation owes and not the Regional Office's response; the Regional Office sees its region's", async () => {
  const mine = await call(live.api, 'GET', '/deadlines', { token: tokens.partner });
  const kindsOf = (res: typeof mine, ref: string) =>
    (res.body.items as { ref: string; kind: string }[]).filter((i) => i.ref === ref).map((i) => i.kind);
  expect(kindsOf(mine, notified)).not.toContain('roResponse');
  expect(kindsOf(mine, draft)).toEqual([]); // a draft owes nothing yet
  const ro = await call(live.api, 'GET', '/deadlines', { token: tokens.ro });
  expect(kindsOf(ro, notified)).toContain('roResponse');
  const row = (ro.body.items as { ref: string; kind: string }[]).find((i) => i.ref === notified && i.kind === 'roResponse');
  expect(row).toMatchObject({ title: expect.stringContaining('Regional Office'), owners: [], overdue: false, dueDate: expect.any(String) });
  expect(kindsOf(await call(live.api, 'GET', '/deadlines', { token: tokens.otherRo }), notified)).toEqual([]);
  const csv = await call(live.api, 'GET', '/deadlines', { token: tokens.ro, headers: { accept: 'text/csv' } });
  const lines = parse<Record<string, string>>(csv.text, { columns: true });
  expect(lines.find((l) => l.ref === notified && l.obligationId?.startsWith('roResponse'))).toMatchObject({
    owners: 'regionalOffice',
    overdue: 'false',
  });
});

test('when the Regional Office reads its time-to-decision report, then the waiting notification is counted, and once answered it is timed', async () => {
  const before = await call(live.api, 'GET', '/reports/time-to-decision', { token: tokens.ro });
  expect(before.status).toBe(200);
  expect(before.body.regions).toEqual([
    expect.objectContaining({ region: FIXTURE.region, waiting: 1, ageing: { '0-10': 1, '11-20': 0, '21-40': 0, over40: 0 }, decided: 0 }),
  ]);
  expect((await call(live.api, 'GET', '/reports/time-to-decision', { token: tokens.partner })).status).toBe(403);
  expect((await call(live.api, 'GET', '/reports/time-to-decision', { token: tokens.otherRo })).body.regions).toEqual([
    expect.objectContaining({ region: 'westMidlands', waiting: 0, decided: 0 }),
  ]);
  expect((await call(live.api, 'GET', '/reports/time-to-decision?from=2030-01-01&to=2029-01-01', { token: tokens.ro })).status).toBe(400);

  const handle = live.env.client.workflow.getHandle(arrangementWorkflowId(notified));
  await actAll(handle, [answer]);
  await eventually(async () => {
    const after = await call(live.api, 'GET', '/reports/time-to-decision', { token: tokens.ro });
    expect(after.body.regions).toEqual([
      expect.objectContaining({ region: FIXTURE.region, waiting: 0, decided: 1, medianWorkingDays: 0, p90WorkingDays: 0 }),
    ]);
  }, 20_000);
  const csv = await call(live.api, 'GET', '/reports/time-to-decision', { token: tokens.admin, headers: { accept: 'text/csv' } });
  expect(parse(csv.text, { columns: true })).toEqual([
    expect.objectContaining({ region: FIXTURE.region, decided: '1', medianWorkingDays: '0' }),
  ]);
  // Recorded with the read model's details (patch 'read-model-details'): obligations, decisions and versions.
  await recordHistoryFixture(handle, 'ro-decision-read-model-details');
});

test('when the read model is lost and rebuilt from Temporal, then the rebuilt tables equal the live ones', async () => {
  const { db } = live.database;
  const client = live.env.client;
  // Settled: each workflow's last write is the row the table holds.
  await eventually(async () => {
    for (const ref of [notified, draft]) {
      const last = await client.workflow.getHandle(arrangementWorkflowId(ref)).query(readModelQuery);
      expect((await createReadModelQueries(db).readArrangement(ref))?.revision).toBe(last?.revision);
    }
  }, 20_000);
  const snapshot = async () => ({
    summaries: await db.selectFrom('arrangement_summary').selectAll().orderBy('ref').execute(),
    obligations: await db.selectFrom('arrangement_obligation').selectAll().orderBy('ref').orderBy('obligation_id').execute(),
    decisions: await db.selectFrom('arrangement_decision').selectAll().orderBy('ref').orderBy('round').execute(),
    versions: await db.selectFrom('arrangement_terms_version').selectAll().orderBy('ref').orderBy('n').execute(),
  });
  const before = await snapshot();
  expect(before.summaries.map((s) => s.ref).sort()).toEqual([notified, draft].sort());
  expect(before.obligations.length).toBeGreaterThan(0);
  expect(before.decisions).toHaveLength(1);
  expect(before.versions).toHaveLength(2);

  for (const table of ['arrangement_obligation', 'arrangement_decision', 'arrangement_terms_version', 'arrangement_summary'] as const)
    await db.deleteFrom(table).execute();
  const result = await rebuildReadModel(client, db, { taskQueue: live.taskQueue });
  expect(result).toEqual({ fromWorkflows: 2, fromState: 0, fromRegister: 0 });
  expect(await snapshot()).toEqual(before);
});
