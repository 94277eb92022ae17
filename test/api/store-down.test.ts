/**
 * PostgreSQL out of reach: the API answers as it does when Temporal is, 503 with Retry-After (the
 * request may succeed later), never a 500, and starts no workflow it could not register.
 */
import { openDatabase, type Db } from '../../store/database';
import { createRegister } from '../../store/register';
import { call, startApi, tokenFor, type RunningApi } from './api-harness';
import { createBody, FIXTURE } from './api-fixtures';
import { fakeTemporal, startCalls, type FakeTemporal } from './fake-temporal';

let fake: FakeTemporal;
let api: RunningApi;
let db: Db;
beforeAll(async () => {
  fake = fakeTemporal();
  // Port 1 on loopback: nothing listens there, so every connection is refused at once.
  db = openDatabase('postgres://hapa:hapa@127.0.0.1:1/hapa');
  api = await startApi(fake, { register: createRegister(db) });
});
afterAll(async () => {
  await api?.close();
  await db?.destroy();
});

const partyToken = () => tokenFor({ sub: `officer@${FIXTURE.partyOrg}`, role: 'partnerOfficer', org: FIXTURE.partyOrg });

test('when PostgreSQL cannot be reached, then a create answers 503 with Retry-After and starts no workflow', async () => {
  const res = await call(api, 'POST', '/arrangements', { token: await partyToken(), body: createBody('STORE-DOWN-1') });
  expect(res.status).toBe(503);
  expect(res.body).toMatchObject({ error: 'storeUnavailable' });
  expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(JSON.stringify(res.body)).not.toContain('127.0.0.1');
  expect(startCalls(fake)).toBe(0);
});
