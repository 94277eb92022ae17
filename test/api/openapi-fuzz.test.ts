/**
 * A bounded fuzz run over the API's own OpenAPI document (issue 16 §2): requests generated from
 * every documented operation (path parameters, query parameters, headers and bodies, valid and
 * not) on the app with a fake gateway. No request may answer 5xx, and a refused one (4xx) may start
 * no workflow and apply no command.
 */
import fc from 'fast-check';
import { call, startApi, tokenFor, type RunningApi } from './api-harness';
import { createBody, FIXTURE } from './api-fixtures';
import { fakeTemporal, type FakeTemporal } from './fake-temporal';

interface Operation {
  method: string;
  path: string;
  query: string[];
}

let api: RunningApi;
let fake: FakeTemporal;
let operations: Operation[];
let tokens: string[];

beforeAll(async () => {
  fake = fakeTemporal();
  api = await startApi(fake);
  tokens = [
    await tokenFor({ sub: 'ada', role: 'administrator' }),
    await tokenFor({ sub: 'alice', role: 'partnerOfficer', org: FIXTURE.partyOrg }),
  ];
  expect((await call(api, 'POST', '/arrangements', { token: tokens[1], body: createBody('FUZZ-1') })).status).toBe(201);
  const doc = (await call(api, 'GET', '/openapi.json')).body as unknown as {
    paths: Record<string, Record<string, { parameters?: { in: string; name: string }[] }>>;
  };
  operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      query: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
    })),
  );
  expect(operations.length).toBeGreaterThan(10);
});
afterAll(() => api?.close());

/** Path segments: real references, near misses, and broken escapes. */
const segment = fc.oneof(
  fc.constantFrom('FUZZ-1', 'NO-SUCH', '%zz', '%E0%A4%A', '..', '%2F', 'a'.repeat(80), '%00'),
  fc.string({ maxLength: 20 }).map(encodeURIComponent),
);
/** Query values: plausible ones and anything. */
const queryValue = fc.oneof(
  fc.constantFrom('draft', 'pooledFund', '2030-01-01', 'abc', '-1', '1000', '', '%', "x' OR 1=1"),
  fc.string({ maxLength: 30 }),
);
/** Bodies: the valid create body with a field replaced, arbitrary JSON, or text that is not JSON. */
const body = fc.oneof(
  fc.record({ key: fc.constantFrom('ref', 'terms', 'policy', 'extra'), value: fc.jsonValue({ maxDepth: 2 }) }).map(({ key, value }) => ({
    ...createBody('FUZZ-NEW'),
    [key]: value,
  })),
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom('{"ref":', 'null', '[]', 'ref=1', '\u0000'),
);

test('when requests are generated from /openapi.json, then none answers 5xx and no refused one changes state', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.nat(),
      segment,
      fc.dictionary(fc.constantFrom('status', 'pageSize', 'pageToken', 'region', 'partner', 'before', 'after', 'x'), queryValue, {
        maxKeys: 3,
      }),
      body,
      fc.option(fc.string({ maxLength: 40 }), { nil: undefined }),
      fc.nat(),
      async (pick, ref, query, payload, idempotencyKey, who) => {
        const op = operations[pick % operations.length]!;
        const path = op.path.replace('{ref}', ref);
        const search = new URLSearchParams(Object.entries(query)).toString();
        const started = fake.workflows.size;
        const applied = [...fake.workflows.values()].reduce((n, w) => n + w.applied.length, 0);
        const res = await call(api, op.method, search ? `${path}?${search}` : path, {
          token: tokens[who % tokens.length],
          ...(op.method === 'POST' ? { body: payload } : {}),
          ...(idempotencyKey !== undefined ? { headers: { 'idempotency-key': idempotencyKey.replace(/[^\x20-\x7e]/g, '') } } : {}),
        });
        expect([op.method, path, res.status]).toEqual([op.method, path, expect.any(Number)]);
        expect(res.status).toBeLessThan(500);
        if (res.status >= 400) {
          expect(fake.workflows.size).toBe(started);
          expect([...fake.workflows.values()].reduce((n, w) => n + w.applied.length, 0)).toBe(applied);
        }
      },
    ),
    { numRuns: 400, seed: 16 },
  );
}, 60_000);
