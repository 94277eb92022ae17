/**
 * When Temporal cannot be reached, the API says so (503 with Retry-After) quickly, instead of
 * hanging or answering 500, and readiness fails while liveness holds.
 */
import { Client, Connection } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { clientGateway } from '../../api/temporal-gateway';
import { call, startApi, tokenFor, type RunningApi } from './api-harness';
import { createBody, FIXTURE } from './api-fixtures';
import { devServerEnv, uniqueRef, uniqueTaskQueue } from '../helpers/temporal';

let api: RunningApi;
let connection: Connection;

beforeAll(async () => {
  // Nothing listens on port 1; lazy so the app starts as it would after Temporal went away.
  connection = Connection.lazy({ address: '127.0.0.1:1' });
  const client = new Client({ connection, namespace: 'default' });
  api = await startApi(clientGateway(client, { namespace: 'default', callTimeoutMs: 2_000, pingTimeoutMs: 1_000 }));
});
afterAll(async () => {
  await api?.close();
  await connection?.close();
});

test('when Temporal is unreachable, then /healthz is 200 and /readyz is 503', async () => {
  expect((await call(api, 'GET', '/healthz')).status).toBe(200);
  const ready = await call(api, 'GET', '/readyz');
  expect(ready).toMatchObject({ status: 503, body: { error: 'temporalUnavailable' } });
  expect(ready.headers.get('retry-after')).toBe('5');
});

test('when Temporal is unreachable, then a create answers 503 with Retry-After within the call deadline', async () => {
  const token = await tokenFor({ sub: 'alice', role: 'partnerOfficer', org: FIXTURE.partyOrg });
  const started = Date.now();
  const res = await call(api, 'POST', '/arrangements', { token, body: createBody('DOWN-1') });
  expect(res).toMatchObject({ status: 503, body: { error: 'temporalUnavailable', details: [] } });
  expect(res.headers.get('retry-after')).toBe('5');
  expect(Date.now() - started).toBeLessThan(10_000);
});

test('when Temporal is unreachable, then reads and actions answer 503 too', async () => {
  const token = await tokenFor({ sub: 'ada', role: 'administrator' });
  expect((await call(api, 'GET', '/arrangements/ANY', { token })).status).toBe(503);
  expect((await call(api, 'POST', '/arrangements/ANY/abandon', { token, body: {} })).status).toBe(503);
  expect((await call(api, 'GET', '/arrangements', { token })).status).toBe(503);
});

describe('with no worker polling (real dev server)', () => {
  let env: TestWorkflowEnvironment;
  let noWorker: RunningApi;
  const ref = uniqueRef('NOWORK');

  beforeAll(async () => {
    env = await devServerEnv();
    // The API's own defaults (no overrides of the deadlines): what a deployment gets.
    noWorker = await startApi(clientGateway(env.client, { namespace: env.namespace ?? 'default' }), { taskQueue: uniqueTaskQueue() });
    const creator = await tokenFor({ sub: 'alice', role: 'partnerOfficer', org: FIXTURE.partyOrg });
    expect((await call(noWorker, 'POST', '/arrangements', { token: creator, body: createBody(ref) })).status).toBe(201);
  });
  afterAll(async () => {
    await noWorker?.close();
    await env?.teardown();
  });

  test('when Temporal answers but no worker polls the task queue, then /readyz is 503 (was 200)', async () => {
    const ready = await call(noWorker, 'GET', '/readyz');
    expect(ready).toMatchObject({ status: 503, body: { error: 'temporalUnavailable' } });
    expect(ready.body.message).toContain('No worker polls task queue');
  });

  test('when a party reads, then 503 with Retry-After within seconds, not a 500 after twenty', async () => {
    const token = await tokenFor({ sub: 'alice', role: 'partnerOfficer', org: FIXTURE.partyOrg });
    const started = Date.now();
    const res = await call(noWorker, 'GET', `/arrangements/${ref}`, { token });
    expect(res).toMatchObject({ status: 503, body: { error: 'temporalUnavailable' } });
    expect(res.headers.get('retry-after')).toBe('5');
    expect(Date.now() - started).toBeLessThan(8_000);
  });

  test('when an outsider reads it, then the same 404 as for an unknown reference, at once', async () => {
    const outsider = await tokenFor({ sub: 'olga', role: 'partnerOfficer', org: 'pct-elsewhere' });
    for (const path of [`/arrangements/${ref}`, `/arrangements/${ref}/why-waiting`, `/arrangements/${ref}/audit`]) {
      const started = Date.now();
      const foreign = await call(noWorker, 'GET', path, { token: outsider });
      expect(Date.now() - started).toBeLessThan(2_000);
      const unknown = await call(noWorker, 'GET', path.replace(ref, `${ref}X`), { token: outsider });
      expect(foreign.status).toBe(404);
      expect(foreign.body).toEqual({ ...unknown.body, message: unknown.body.message?.replace(`${ref}X`, ref) });
    }
  });

  test('when an outsider acts on it, then the same 404 as for an unknown reference, at once (was 503 after the Update waited)', async () => {
    const outsider = await tokenFor({ sub: 'olga', role: 'partnerOfficer', org: 'pct-elsewhere' });
    const started = Date.now();
    const foreign = await call(noWorker, 'POST', `/arrangements/${ref}/submitProposal`, { token: outsider, body: {} });
    expect(Date.now() - started).toBeLessThan(2_000);
    const unknown = await call(noWorker, 'POST', `/arrangements/${ref}X/submitProposal`, { token: outsider, body: {} });
    expect(foreign.status).toBe(404);
    expect(foreign.body).toEqual({ ...unknown.body, message: unknown.body.message?.replace(`${ref}X`, ref) });
  });
});
