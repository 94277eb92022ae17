/**
 * Prometheus metrics at /metrics (issue 16 §5): requests by route and status with their latency,
 * and the read model's arrangements by status and overdue ones, from a real PostgreSQL.
 */
import { createReadModel, type ArrangementSummary } from '../../store/read-model';
import { readModelCounts } from '../../store/read-model-metrics';
import { testDatabase, type TestDatabase } from '../helpers/database';
import { call, startApi, tokenFor, type RunningApi } from './api-harness';
import { fakeTemporal } from './fake-temporal';

let t: TestDatabase;
let api: RunningApi;
const now = Date.parse('2029-01-10T12:00:00Z');

beforeAll(async () => {
  t = await testDatabase();
  api = await startApi(fakeTemporal(), { readModelCounts: () => readModelCounts(t.db, now) });
});
afterAll(async () => {
  await api?.close();
  await t?.drop();
});

const summary = (ref: string, status: ArrangementSummary['status'], nextDeadlineAt?: string): ArrangementSummary => ({
  ref,
  workflowId: `arrangement:${ref}`,
  revision: 1,
  status,
  region: 'northWest',
  types: ['pooledFund'],
  partners: [{ id: 'pct-riverside', name: 'Riverside PCT' }],
  startDate: '2028-04-01',
  updatedAt: '2028-11-02T09:00:00.000Z',
  ...(nextDeadlineAt ? { nextDeadlineAt } : {}),
});

async function metrics(): Promise<string> {
  const res = await fetch(`${api.baseUrl}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/plain');
  return res.text();
}

test('when requests are answered, then /metrics counts them by method, route pattern and status, errors apart, with their latency', async () => {
  const token = await tokenFor({ sub: 'ada', role: 'administrator' });
  await call(api, 'GET', '/healthz');
  await call(api, 'GET', '/arrangements/NW-1', { token });
  await call(api, 'GET', '/arrangements/NW-2', { token });
  await call(api, 'GET', '/arrangements/NW-2');
  const text = await metrics();
  expect(text).toContain('hapa_http_requests_total{method="GET",route="/healthz",status="200"} 1');
  // The route's pattern, not the reference: labels stay bounded.
  expect(text).toContain('hapa_http_requests_total{method="GET",route="/arrangements/:ref",status="404"} 2');
  expect(text).toContain('hapa_http_errors_total{method="GET",route="/arrangements/:ref",status="404"} 2');
  expect(text).toContain('hapa_http_errors_total{method="GET",route="unmatched",status="401"} 1');
  expect(text).not.toContain('hapa_http_errors_total{method="GET",route="/healthz"');
  expect(text).toMatch(/hapa_http_request_duration_seconds_count\{method="GET",route="\/arrangements\/:ref",status="404"\} 2/);
});

test('when the read model holds arrangements, then /metrics gives them by status and counts those with an overdue obligation', async () => {
  const readModel = createReadModel(t.db);
  await readModel.writeSummary(summary('NW-A', 'draft', '2029-01-01T00:00:00Z'));
  await readModel.writeSummary(summary('NW-B', 'active', '2029-02-01T00:00:00Z'));
  await readModel.writeSummary(summary('NW-C', 'active', '2029-01-10T11:00:00Z'));
  await readModel.writeSummary(summary('NW-D', 'abandoned'));
  const text = await metrics();
  expect(text).toContain('hapa_arrangements{status="draft"} 1');
  expect(text).toContain('hapa_arrangements{status="active"} 2');
  expect(text).toContain('hapa_arrangements{status="abandoned"} 1');
  expect(text).toContain('hapa_arrangements_overdue 2');
});
