/**
 * GET and PUT /me/message-preference (issue 15 §2): a person reads and sets how their own messages
 * reach them; the choice lands in PostgreSQL, where the mailer reads it.
 */
import { preferenceOf } from '../../store/digests';
import { testDatabase, type TestDatabase } from '../helpers/database';
import { call, startApi, tokenFor, type RunningApi } from './api-harness';
import { fakeTemporal } from './fake-temporal';

let database: TestDatabase;
let api: RunningApi;
beforeEach(async () => {
  database = await testDatabase();
  api = await startApi(fakeTemporal(), { messagePreferences: { db: database.db, defaultDelivery: 'weekly' } });
});
afterEach(async () => {
  await api.close();
  await database.drop();
});

const asha = () => tokenFor({ sub: 'asha', role: 'partnerOfficer', org: 'HA-NORTH', email: 'Asha.Patel@nhs.example' });

test('when a person who never chose reads their preference, then it is the deployment default, marked as not chosen', async () => {
  const res = await call(api, 'GET', '/me/message-preference', { token: await asha() });
  expect(res.status).toBe(200);
  expect(res.body).toEqual({ delivery: 'weekly', chosen: false, default: 'weekly' });
});

test('when a person chooses immediate messages, then the mailer finds that choice under their address, and they read it back', async () => {
  const put = await call(api, 'PUT', '/me/message-preference', { token: await asha(), body: { delivery: 'immediate' } });
  expect(put.status).toBe(200);
  expect(put.body).toEqual({ delivery: 'immediate', chosen: true, default: 'weekly' });
  expect(await preferenceOf(database.db, 'asha.patel@nhs.example')).toBe('immediate');
  expect((await call(api, 'GET', '/me/message-preference', { token: await asha() })).body).toMatchObject({ delivery: 'immediate' });
  // Nobody else's choice changed.
  expect(await preferenceOf(database.db, 'ben.okafor@icb.example')).toBeUndefined();
});

test('when the delivery is not one hapa offers, then a 400 names the field and nothing is stored', async () => {
  const res = await call(api, 'PUT', '/me/message-preference', { token: await asha(), body: { delivery: 'hourly' } });
  expect(res.status).toBe(400);
  expect(res.body.details?.map((d) => d.path)).toEqual(['body.delivery']);
  expect(await preferenceOf(database.db, 'asha.patel@nhs.example')).toBeUndefined();
});

test('when the token carries no email address, then a 403 names the claim; without a token, a 401', async () => {
  const noEmail = await tokenFor({ sub: 'ada', role: 'administrator' });
  const res = await call(api, 'PUT', '/me/message-preference', { token: noEmail, body: { delivery: 'daily' } });
  expect(res.status).toBe(403);
  expect(res.body.details?.map((d) => d.path)).toEqual(['token.email']);
  expect((await call(api, 'GET', '/me/message-preference')).status).toBe(401);
});

test('when the log lines of these requests are read, then they never carry the address', async () => {
  await call(api, 'PUT', '/me/message-preference', { token: await asha(), body: { delivery: 'daily' } });
  expect(JSON.stringify(api.logs).toLowerCase()).not.toContain('asha.patel');
});
