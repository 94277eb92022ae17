/**
 * The HTTP layer alone, on a fake Temporal gateway: authentication, error mapping, JSON-only and
 * size limits, idempotent creation, request ids in logs, and the OpenAPI document.
 */
import { QueryNotRegisteredError, ServiceError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { COMMAND_TYPES } from '../../domain';
import { documentedRoutes } from '../../api/openapi';
import { updateIdFor } from '../../api/routes/actions';
import { SignJWT } from 'jose';
import { call, startApi, TEST_AUTH, tokenFor, type RunningApi } from './api-harness';
import { createBody, FIXTURE } from './api-fixtures';
import { callOps, fakeTemporal, startCalls, type FakeTemporal } from './fake-temporal';

const ids = { partnerA: FIXTURE.partyOrg };
const unavailable = () =>
  new ServiceError('connection refused', {
    cause: Object.assign(new Error('14 UNAVAILABLE: No connection established'), { code: 14, details: '', metadata: {} }),
  });

let fake: FakeTemporal;
let api: RunningApi;
let partnerA: string;
let admin: string;

beforeEach(async () => {
  fake = fakeTemporal();
  api = await startApi(fake);
  partnerA = await tokenFor({ sub: 'alice', role: 'partnerOfficer', org: ids.partnerA });
  admin = await tokenFor({ sub: 'ada', role: 'administrator' });
});
afterEach(() => api.close());

async function created(ref = 'ARR-1'): Promise<void> {
  const res = await call(api, 'POST', '/arrangements', { token: partnerA, body: createBody(ref) });
  expect(res.status).toBe(201);
}

describe('operational routes', () => {
  test('when /healthz is asked, then it answers ok without a token', async () => {
    expect(await call(api, 'GET', '/healthz')).toMatchObject({ status: 200, body: { status: 'ok' } });
  });

  test('when Temporal answers, then /readyz is 200; when it does not, then 503 with Retry-After', async () => {
    expect((await call(api, 'GET', '/readyz')).status).toBe(200);
    fake.failNext('ping', unavailable());
    const res = await call(api, 'GET', '/readyz');
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(res.body.error).toBe('temporalUnavailable');
  });

  test('when Temporal answers but no worker polls the task queue, then /readyz is 503 naming the task queue', async () => {
    fake.workers = 0;
    const res = await call(api, 'GET', '/readyz');
    fake.workers = 1;
    expect(res).toMatchObject({ status: 503, body: { error: 'temporalUnavailable' } });
    expect(res.body.message).toContain('No worker polls task queue');
    expect(res.headers.get('retry-after')).toBe('5');
  });

  test('when /openapi.json is fetched, then it is OpenAPI 3.1 and documents every route Express serves', async () => {
    const res = await call(api, 'GET', '/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    for (const type of COMMAND_TYPES) expect(res.body.paths?.[`/arrangements/{ref}/${type}`]?.post).toBeDefined();
    expect(res.body.paths?.['/arrangements']?.post?.requestBody?.content['application/json']?.schema).toBeDefined();
    expect(Object.keys(res.body.paths ?? {}).sort()).toEqual([...new Set(documentedRoutes().map((r) => r.path))].sort());
  });

  test('when /openapi.json is fetched, then every object of every request body refuses unknown fields (additionalProperties: false)', async () => {
    const res = await call(api, 'GET', '/openapi.json');
    const open: string[] = [];
    // Walks a schema and its nested schemas (inline and $ref'd), noting each object that allows unknown fields.
    const seen = new Set<unknown>();
    const components = (res.body.components as { schemas?: Record<string, unknown> } | undefined)?.schemas ?? {};
    const walk = (node: unknown, where: string): void => {
      if (!node || typeof node !== 'object' || seen.has(node)) return;
      seen.add(node);
      const n = node as Record<string, unknown>;
      if (typeof n.$ref === 'string') return walk(components[n.$ref.split('/').at(-1) ?? ''], n.$ref);
      if (n.type === 'object' && n.additionalProperties !== false) open.push(where);
      for (const [key, child] of Object.entries(n)) walk(child, `${where}.${key}`);
    };
    const paths = res.body.paths as Record<string, Record<string, { requestBody?: { content: Record<string, { schema: unknown }> } }>>;
    for (const [path, methods] of Object.entries(paths)) {
      for (const [method, op] of Object.entries(methods)) walk(op.requestBody?.content['application/json']?.schema, `${method} ${path}`);
    }
    expect(seen.size).toBeGreaterThan(50);
    expect(open).toEqual([]);
  });

  test('when /docs is fetched, then it is HTML that loads nothing from elsewhere', async () => {
    const res = await call(api, 'GET', '/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(res.text).toContain('/arrangements/{ref}/submitProposal');
    expect(res.text).not.toMatch(/<(script|link|img)[^>]+(src|href)=["']?https?:/i);
  });

  test('when a route does not exist, then 404 in the error body', async () => {
    const res = await call(api, 'GET', '/nowhere');
    expect(res).toMatchObject({ status: 404, body: { error: 'notFound', details: [] } });
  });
});

describe('authentication', () => {
  test.each([
    ['no header', undefined],
    ['a non-bearer scheme', 'Basic YWxhZGRpbjpvcGVuc2VzYW1l'],
    ['garbage', 'Bearer not.a.jwt'],
  ])('when the request has %s, then 401 with WWW-Authenticate', async (_name, header) => {
    const res = await call(api, 'GET', '/arrangements', { headers: header ? { authorization: header } : {} });
    expect(res.status).toBe(401);
    expect(res.body.error).toBe('unauthenticated');
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  test.each([
    ['signed with another secret', { secret: 'another-secret-another-secret-another-secret' }],
    ['for another issuer', { issuer: 'someone-else' }],
    ['for another audience', { audience: 'not-hapa' }],
    ['expired', { expiresIn: '-1m' }],
  ])('when the token is %s, then 401', async (_name, overrides) => {
    const token = await tokenFor({ sub: 'alice', role: 'partnerOfficer', org: ids.partnerA }, overrides);
    expect((await call(api, 'GET', '/arrangements', { token })).status).toBe(401);
  });

  test('when a token has no exp, then 401 naming the claim: it would otherwise be good for ever', async () => {
    const token = await new SignJWT({ role: 'partnerOfficer', org: ids.partnerA })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('alice')
      .setIssuer(TEST_AUTH.issuer)
      .setAudience(TEST_AUTH.audience)
      .setIssuedAt()
      .sign(new TextEncoder().encode(TEST_AUTH.secret));
    const res = await call(api, 'GET', '/arrangements', { token });
    expect(res).toMatchObject({ status: 401, body: { error: 'unauthenticated', message: expect.stringContaining('no exp claim') } });
  });

  test('when a token lives longer than the maximum lifetime (24 h by default), then 401 naming token.exp', async () => {
    const token = await tokenFor({ sub: 'alice', role: 'partnerOfficer', org: ids.partnerA }, { expiresIn: '3650d' });
    const res = await call(api, 'GET', '/arrangements', { token });
    expect(res).toMatchObject({ status: 401, body: { details: [{ path: 'token.exp' }] } });
    const day = await tokenFor({ sub: 'alice', role: 'partnerOfficer', org: ids.partnerA }, { expiresIn: '23h' });
    expect((await call(api, 'GET', '/arrangements', { token: day })).status).toBe(200);
  });

  test.each([
    ['an organisation of 2,100 characters', { sub: 'alice', role: 'partnerOfficer', org: 'o'.repeat(2100) }, 'token.org'],
    ['a region of 3,000 characters', { sub: 'rory', role: 'regionalOfficeOfficer', region: 'r'.repeat(3000) }, 'token.region'],
    ['a subject of 5,000 characters', { sub: 's'.repeat(5000), role: 'administrator' }, 'token.sub'],
  ] as const)(
    'when a token carries %s, then 401 naming the claim (claims have the bounds of what they are compared with)',
    async (_name, claims, path) => {
      const token = await tokenFor(claims);
      const res = await call(api, 'GET', '/arrangements', { token });
      expect(res).toMatchObject({ status: 401, body: { error: 'unauthenticated', details: [expect.objectContaining({ path })] } });
    },
  );

  test('when a partner token has no org, then 401 naming the missing claim', async () => {
    const token = await tokenFor({ sub: 'alice', role: 'partnerOfficer' });
    const res = await call(api, 'GET', '/arrangements', { token });
    expect(res.status).toBe(401);
    expect(res.body.details).toEqual([expect.objectContaining({ path: 'token.org' })]);
  });
});

describe('creating an arrangement', () => {
  test('when a create starts the workflow, then 201 follows the start alone, and the memo keeps the body fingerprint', async () => {
    await created('ARR-1');
    expect(callOps(fake)).toEqual(['start']);
    const start = fake.calls.find((c) => c.op === 'start');
    expect(start?.op === 'start' && start.request.memo).toEqual({
      ref: 'ARR-1',
      fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/),
      createdBy: 'alice',
      consentCandidates: ['ha-northshire', 'ha-elsewhere'],
    });
  });

  test('when the same body is resent, then the start is refused and one describe compares the fingerprint', async () => {
    await created('ARR-1');
    fake.calls.length = 0;
    const again = await call(api, 'POST', '/arrangements', { token: partnerA, body: createBody('ARR-1') });
    expect(again).toMatchObject({ status: 200, body: { created: false } });
    expect(callOps(fake)).toEqual(['start', 'describe']);
  });

  test('when the same body is resent after the arrangement closed, then 200 with it and nothing restarts', async () => {
    await created('ARR-1');
    fake.close('arrangement:ARR-1');
    const again = await call(api, 'POST', '/arrangements', { token: partnerA, body: createBody('ARR-1') });
    expect(again).toMatchObject({ status: 200, body: { ref: 'ARR-1', created: false } });
    expect(fake.workflows.get('arrangement:ARR-1')?.executionStatus).toBe('COMPLETED');
  });

  test('when an arrangement is created, then its workflow starts already listed: draft, its partners, region, types and review date', async () => {
    const body = createBody('ARR-1');
    await call(api, 'POST', '/arrangements', { token: partnerA, body });
    const start = fake.calls.find((c) => c.op === 'start');
    const pairs = start?.op === 'start' ? start.request.searchAttributes : [];
    expect(Object.fromEntries(pairs.map((p) => [p.key.name, p.value]))).toEqual({
      ArrangementStatus: 'draft',
      ArrangementRegion: body.terms.regionalOffice.region,
      ArrangementPartners: body.terms.partners.map((p) => p.id),
      ArrangementTypes: body.terms.types,
      ReviewDate: new Date(`${body.terms.reviewDate}T00:00:00Z`),
    });
  });

  test('when the same body is sent twice, then 201 then 200 with the same arrangement', async () => {
    const first = await call(api, 'POST', '/arrangements', { token: partnerA, body: createBody('ARR-1') });
    const second = await call(api, 'POST', '/arrangements', { token: partnerA, body: createBody('ARR-1') });
    expect(first).toMatchObject({ status: 201, body: { ref: 'ARR-1', workflowId: 'arrangement:ARR-1', created: true } });
    expect(first.headers.get('location')).toBe('/arrangements/ARR-1');
    expect(second).toMatchObject({ status: 200, body: { ref: 'ARR-1', workflowId: 'arrangement:ARR-1', created: false } });
    expect(fake.workflows.size).toBe(1);
  });

  test('when a create reuses its Idempotency-Key with a different body, then 422 naming the key', async () => {
    const headers = { 'idempotency-key': 'create-1' };
    expect((await call(api, 'POST', '/arrangements', { token: partnerA, body: createBody('ARR-1'), headers })).status).toBe(201);
    const body = createBody('ARR-1');
    body.terms.aims = ['Something else'];
    const res = await call(api, 'POST', '/arrangements', { token: partnerA, body, headers });
    expect(res).toMatchObject({
      status: 422,
      body: {
        error: 'idempotencyKeyReused',
        message: expect.stringContaining("'create-1'"),
        details: [{ path: 'header.idempotency-key' }],
      },
    });
  });

  test('when a different body reuses a reference, then 409 naming body.ref', async () => {
    await created('ARR-1');
    const body = createBody('ARR-1');
    body.terms.aims = ['Something else'];
    const res = await call(api, 'POST', '/arrangements', { token: partnerA, body });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ error: 'conflict', details: [{ path: 'body.ref' }] });
  });

  test('when the reference belongs to a closed arrangement with another body, then 409', async () => {
    await created('ARR-1');
    fake.close('arrangement:ARR-1');
    const body = createBody('ARR-1');
    body.terms.aims = ['Something else'];
    expect((await call(api, 'POST', '/arrangements', { token: partnerA, body })).status).toBe(409);
  });

  test('when a partner officer sends a policy, then 403 naming the field and nothing starts', async () => {
    const body = { ...createBody('ARR-1'), policy: { allowRetrospectiveStart: true } };
    const res = await call(api, 'POST', '/arrangements', { token: partnerA, body });
    expect(res).toMatchObject({ status: 403, body: { error: 'forbidden', details: [{ path: 'body.policy.allowRetrospectiveStart' }] } });
    expect(fake.workflows.size).toBe(0);
  });

  test('when an administrator overrides the policy, then only within the deployment’s bounds', async () => {
    await api.close();
    api = await startApi(fake, { policyBounds: { consultationWeeks: { min: 8, max: 16 } } });
    const within = await call(api, 'POST', '/arrangements', {
      token: admin,
      body: { ...createBody('ARR-1'), policy: { consultationWeeks: 10 } },
    });
    expect(within.status).toBe(201);
    const outside = await call(api, 'POST', '/arrangements', {
      token: admin,
      body: { ...createBody('ARR-2'), policy: { consultationWeeks: 2 } },
    });
    expect(outside).toMatchObject({ status: 403, body: { details: [{ path: 'body.policy.consultationWeeks' }] } });
    const unopened = await call(api, 'POST', '/arrangements', {
      token: admin,
      body: { ...createBody('ARR-3'), policy: { windUpDays: 10 } },
    });
    expect(unopened).toMatchObject({ status: 403, body: { details: [{ path: 'body.policy.windUpDays' }] } });
    expect([...fake.workflows.keys()]).toEqual(['arrangement:ARR-1']);
  });

  test('when the creator is recorded, then it comes from the token and not from the body', async () => {
    await created('ARR-1');
    const start = fake.calls.find((c) => c.op === 'start');
    expect(start?.op === 'start' && start.request.input.createdBy).toEqual({
      id: 'alice',
      role: 'partnerOfficer',
      organisationId: ids.partnerA,
    });
    const res = await call(api, 'POST', '/arrangements', {
      token: partnerA,
      body: { ...createBody('ARR-2'), createdBy: { id: 'mallory', role: 'administrator' } },
    });
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual([{ path: 'body.createdBy', message: 'Unknown field' }]);
  });

  test('when a partner creates an arrangement its organisation is not party to, then 403 and nothing starts', async () => {
    const outsider = await tokenFor({ sub: 'eve', role: 'partnerOfficer', org: 'elsewhere' });
    const res = await call(api, 'POST', '/arrangements', { token: outsider, body: createBody('ARR-1') });
    expect(res.status).toBe(403);
    expect(startCalls(fake)).toBe(0);
  });

  test('when Temporal is unreachable, then 503 with Retry-After', async () => {
    fake.failNext('start', unavailable());
    const res = await call(api, 'POST', '/arrangements', { token: partnerA, body: createBody('ARR-1') });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(res.body).toMatchObject({ error: 'temporalUnavailable', details: [] });
  });
});

describe('actions', () => {
  test('when an action is accepted, then the actor is the token holder and the body carries no type', async () => {
    await created();
    fake.calls.length = 0;
    const res = await call(api, 'POST', '/arrangements/ARR-1/submitProposal', { token: partnerA, body: { reason: 'ready' } });
    expect(res).toMatchObject({ status: 200, body: { ref: 'ARR-1', status: 'draft', version: 1, auditIndex: 1 } });
    expect(callOps(fake)).toEqual(['describe', 'update']);
    const update = fake.calls.find((c) => c.op === 'update');
    expect(update).toMatchObject({
      request: { command: { type: 'submitProposal', reason: 'ready' }, actor: { id: 'alice', organisationId: ids.partnerA } },
    });
  });

  test('when an action has no body at all, then it is treated as empty', async () => {
    await created();
    expect((await call(api, 'POST', '/arrangements/ARR-1/submitProposal', { token: partnerA })).status).toBe(200);
  });

  test('when an Idempotency-Key is sent, then the Update ID derives from it, the actor and the action', async () => {
    await created();
    await call(api, 'POST', '/arrangements/ARR-1/submitProposal', { token: partnerA, body: {}, headers: { 'idempotency-key': 'k-1' } });
    const update = fake.calls.find((c) => c.op === 'update');
    expect(update).toMatchObject({
      updateId: updateIdFor({ id: 'alice', role: 'partnerOfficer', organisationId: ids.partnerA }, 'submitProposal', 'k-1'),
    });
  });

  test('when the workflow refuses by rule, then 409 with the rule code, message, citation and field path', async () => {
    await created();
    const refusal = {
      code: 'consultationStillOpen',
      message: 'The consultation is still open.',
      citation: 'HSC 2000/010 para 3 [V]',
      path: ['summary'],
    };
    fake.failNext(
      'update',
      new WorkflowUpdateFailedError(
        'Workflow Update failed',
        ApplicationFailure.create({ type: refusal.code, message: refusal.message, details: [refusal], nonRetryable: true }),
      ),
    );
    const res = await call(api, 'POST', '/arrangements/ARR-1/considerResponses', { token: partnerA, body: { summary: 'All fine' } });
    expect(res.status).toBe(409);
    expect(res.body).toEqual({
      error: 'consultationStillOpen',
      message: refusal.message,
      citation: refusal.citation,
      details: [{ path: 'body.summary', message: refusal.message }],
    });
  });

  test('when the arrangement is closed, then 409 arrangementClosed, found by the describe before any Update, and nothing is applied', async () => {
    await created();
    fake.close('arrangement:ARR-1');
    fake.calls.length = 0;
    const res = await call(api, 'POST', '/arrangements/ARR-1/submitProposal', { token: partnerA, body: {} });
    expect(res).toMatchObject({ status: 409, body: { error: 'arrangementClosed' } });
    expect(callOps(fake)).toEqual(['describe']);
    expect(fake.workflows.get('arrangement:ARR-1')?.applied).toEqual([]);
  });

  test('when a closed arrangement is acted on by someone who may not see it, then the same 404 as for an unknown reference', async () => {
    const outsider = await tokenFor({ sub: 'bob', role: 'partnerOfficer', org: 'pct-elsewhere' });
    const unknown = await call(api, 'POST', '/arrangements/ARR-1/submitProposal', { token: outsider, body: {} });
    await created();
    fake.close('arrangement:ARR-1');
    const res = await call(api, 'POST', '/arrangements/ARR-1/submitProposal', { token: outsider, body: {} });
    expect(unknown.status).toBe(404);
    expect(res).toMatchObject({ status: 404, body: unknown.body });
  });

  test('when a closed arrangement is acted on by its Regional Office with a partner action, then 403 as while it ran', async () => {
    await created();
    fake.close('arrangement:ARR-1');
    const ro = await tokenFor({ sub: 'rita', role: 'regionalOfficeOfficer', region: FIXTURE.region });
    expect(await call(api, 'POST', '/arrangements/ARR-1/submitProposal', { token: ro, body: {} })).toMatchObject({
      status: 403,
      body: { error: 'forbidden' },
    });
  });

  test('when the reference is unknown, then 404 after the one describe, with no Update', async () => {
    const res = await call(api, 'POST', '/arrangements/NOPE/submitProposal', { token: admin, body: {} });
    expect(res).toMatchObject({ status: 404, body: { error: 'notFound' } });
    expect(callOps(fake)).toEqual(['describe']);
  });

  test('when no worker answers in time, then 503', async () => {
    await created();
    fake.failNext('update', Object.assign(new Error('4 DEADLINE_EXCEEDED: Deadline exceeded'), { code: 4, details: '', metadata: {} }));
    const res = await call(api, 'POST', '/arrangements/ARR-1/submitProposal', { token: partnerA, body: {} });
    expect(res.status).toBe(503);
  });

  test('when the code itself fails, then 500 with a generic message and the cause only in the log', async () => {
    await created();
    fake.failNext('update', new TypeError('secret internals'));
    const res = await call(api, 'POST', '/arrangements/ARR-1/submitProposal', { token: partnerA, body: {} });
    expect(res).toMatchObject({ status: 500, body: { error: 'internal' } });
    expect(JSON.stringify(res.body)).not.toContain('secret internals');
    expect(JSON.stringify(api.logs)).toContain('secret internals');
  });
});

describe('who may act, decided by the workflow and mapped to the declared table', () => {
  type Who = 'partnerA' | 'partnerB' | 'roOfRegion' | 'roOtherRegion' | 'administrator';
  const subjects = {
    partnerA: { sub: 'alice', role: 'partnerOfficer', org: FIXTURE.partyOrg },
    partnerB: { sub: 'bob', role: 'partnerOfficer', org: 'pct-elsewhere' },
    roOfRegion: { sub: 'rita', role: 'regionalOfficeOfficer', region: FIXTURE.region },
    roOtherRegion: { sub: 'otto', role: 'regionalOfficeOfficer', region: 'southEast' },
    administrator: { sub: 'ada', role: 'administrator' },
  } as const;

  test.each<[string, Who, 'submitProposal' | 'approve' | 'grantConsent', 403 | 404]>([
    ['a partner not party to it submits it', 'partnerB', 'submitProposal', 404],
    ['a partner not party to it approves it', 'partnerB', 'approve', 404],
    ['a partner not party to it records a consent', 'partnerB', 'grantConsent', 404],
    ['a Regional Office of another region submits it', 'roOtherRegion', 'submitProposal', 404],
    ['a Regional Office of another region approves it', 'roOtherRegion', 'approve', 404],
    ['its Regional Office submits it', 'roOfRegion', 'submitProposal', 403],
    ['a partner of it approves it', 'partnerA', 'approve', 403],
    ['an administrator approves it', 'administrator', 'approve', 403],
  ])('when %s, then %s and nothing is applied', async (_what, who, type, status) => {
    const token = await tokenFor(subjects[who]);
    const body = type === 'grantConsent' ? { trustId: FIXTURE.trustId, healthAuthorityId: FIXTURE.consentingHa } : {};
    const beforeItExists = await call(api, 'POST', `/arrangements/ARR-1/${type}`, { token, body });
    await created();
    const res = await call(api, 'POST', `/arrangements/ARR-1/${type}`, { token, body });
    expect(res.status).toBe(status);
    // 404 says no more than an unknown reference would; 403 names the roles and no rule.
    if (status === 404) expect(res.body).toEqual(beforeItExists.body);
    else expect(res.body).toMatchObject({ error: 'forbidden', details: [] });
    expect(res.body.citation).toBeUndefined();
    expect(fake.workflows.get('arrangement:ARR-1')?.applied).toEqual([]);
  });

  test('when a party records a consent that is not its own to give, then 409 with the rule and its citation', async () => {
    await created();
    const res = await call(api, 'POST', '/arrangements/ARR-1/grantConsent', {
      token: partnerA,
      body: { trustId: FIXTURE.trustId, healthAuthorityId: FIXTURE.consentingHa },
    });
    expect(res).toMatchObject({ status: 409, body: { error: 'notTheConsentingAuthority', citation: expect.any(String) } });
  });
});

describe('reads', () => {
  test('when an arrangement and its audit trail are read, then each is one describe (who may see it) then one state Query', async () => {
    await created();
    fake.calls.length = 0;
    expect(await call(api, 'GET', '/arrangements/ARR-1', { token: partnerA })).toMatchObject({
      status: 200,
      body: { ref: 'ARR-1', status: 'draft' },
    });
    expect(await call(api, 'GET', '/arrangements/ARR-1/audit', { token: partnerA })).toMatchObject({
      status: 200,
      body: { ref: 'ARR-1', entries: [{ action: 'created' }] },
    });
    expect(callOps(fake)).toEqual(['describe', 'query', 'describe', 'query']);
  });

  test('when someone who may not see it reads it, then the same 404 as for an unknown reference', async () => {
    const outsider = await tokenFor({ sub: 'otto', role: 'regionalOfficeOfficer', region: 'southEast' });
    const unknown = await call(api, 'GET', '/arrangements/ARR-1', { token: outsider });
    await created();
    for (const path of ['/arrangements/ARR-1', '/arrangements/ARR-1/audit']) {
      const res = await call(api, 'GET', path, { token: outsider });
      expect(res).toMatchObject({ status: 404, body: unknown.body });
    }
  });

  test('when someone who may not see it reads it, then no Query is made: it answers from the describe alone, as an unknown one does', async () => {
    await created();
    fake.calls.length = 0;
    const outsider = await tokenFor({ sub: 'olga', role: 'partnerOfficer', org: 'pct-elsewhere' });
    expect((await call(api, 'GET', '/arrangements/ARR-1', { token: outsider })).status).toBe(404);
    expect((await call(api, 'GET', '/arrangements/ARR-1/why-waiting', { token: outsider })).status).toBe(404);
    expect(callOps(fake)).toEqual(['describe', 'describe']);
  });

  test('when the workflow task is failing (the Query cannot be answered), then 503 with Retry-After, not 500', async () => {
    await created();
    fake.failNext('query', new QueryNotRegisteredError('Workflow task failed: nondeterminism', 3));
    const res = await call(api, 'GET', '/arrangements/ARR-1', { token: partnerA });
    expect(res).toMatchObject({ status: 503, body: { error: 'temporalUnavailable' } });
    expect(res.headers.get('retry-after')).toBe('5');
  });

  test.each([
    [2, 'UNKNOWN'],
    [4, 'DEADLINE_EXCEEDED'],
    [8, 'RESOURCE_EXHAUSTED'],
    [10, 'ABORTED'],
    [13, 'INTERNAL'],
    [14, 'UNAVAILABLE'],
  ])('when Temporal answers a read with gRPC %i %s, then 503 with Retry-After, not 500', async (code, name) => {
    await created();
    fake.failNext('query', Object.assign(new Error(`${code} ${name}: server trouble`), { code, details: '', metadata: {} }));
    const res = await call(api, 'GET', '/arrangements/ARR-1', { token: partnerA });
    expect(res).toMatchObject({ status: 503, body: { error: 'temporalUnavailable' } });
    expect(res.headers.get('retry-after')).toBe('5');
  });

  test('when a closed arrangement is read, then its state still answers', async () => {
    await created();
    fake.close('arrangement:ARR-1');
    expect(await call(api, 'GET', '/arrangements/ARR-1', { token: partnerA })).toMatchObject({ status: 200, body: { ref: 'ARR-1' } });
  });
});

describe('consenting Health Authorities', () => {
  test('when a non-party HA must consent for a trust partner, then it may see the arrangement and record consent; other outsiders get 404', async () => {
    const body = createBody('ARR-HA');
    body.terms.partners = body.terms.partners.map((p) =>
      p.kind === 'nhsTrust' ? { ...p, nhsContracts: [{ healthAuthorityId: 'ha-outside', clientGroups: body.terms.clientGroups }] } : p,
    );
    expect((await call(api, 'POST', '/arrangements', { token: partnerA, body })).status).toBe(201);
    const ha = await tokenFor({ sub: 'hal', role: 'partnerOfficer', org: 'ha-outside' });
    const stranger = await tokenFor({ sub: 'sue', role: 'partnerOfficer', org: 'ha-unrelated' });
    expect((await call(api, 'GET', '/arrangements/ARR-HA', { token: ha })).status).toBe(200);
    const consent = { trustId: FIXTURE.trustId, healthAuthorityId: 'ha-outside' };
    expect((await call(api, 'POST', '/arrangements/ARR-HA/grantConsent', { token: ha, body: consent })).status).toBe(200);
    expect((await call(api, 'GET', '/arrangements/ARR-HA', { token: stranger })).status).toBe(404);
    expect((await call(api, 'POST', '/arrangements/ARR-HA/grantConsent', { token: stranger, body: consent })).status).toBe(404);
  });

  test('when a non-party consenting HA tries a partner action, then 409 (it may see the arrangement), and 403 for a Regional Office action', async () => {
    const body = createBody('ARR-HA');
    body.terms.partners = body.terms.partners.map((p) =>
      p.kind === 'nhsTrust' ? { ...p, nhsContracts: [{ healthAuthorityId: 'ha-outside', clientGroups: body.terms.clientGroups }] } : p,
    );
    expect((await call(api, 'POST', '/arrangements', { token: partnerA, body })).status).toBe(201);
    const ha = await tokenFor({ sub: 'hal', role: 'partnerOfficer', org: 'ha-outside' });
    expect(await call(api, 'POST', '/arrangements/ARR-HA/submitProposal', { token: ha, body: {} })).toMatchObject({
      status: 409,
      body: { error: 'consentingAuthorityOnly', citation: expect.any(String) },
    });
    expect(await call(api, 'POST', '/arrangements/ARR-HA/approve', { token: ha, body: {} })).toMatchObject({
      status: 403,
      body: { error: 'forbidden' },
    });
    expect(await call(api, 'GET', '/arrangements/ARR-HA/audit', { token: ha })).toMatchObject({ status: 200 });
    expect(fake.workflows.get('arrangement:ARR-HA')?.applied).toEqual([]);
  });
});

describe('request bodies', () => {
  test('when the body is not JSON, then 415 and nothing starts', async () => {
    const res = await call(api, 'POST', '/arrangements', {
      token: partnerA,
      body: 'ref=ARR-1',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res).toMatchObject({ status: 415, body: { error: 'unsupportedMediaType', details: [{ path: 'header.content-type' }] } });
    expect(startCalls(fake)).toBe(0);
  });

  test('when the JSON is broken, then 400 invalidJson, and nothing of the body is echoed', async () => {
    const res = await call(api, 'POST', '/arrangements', { token: partnerA, body: '{"ref": bob@example.org' });
    expect(res).toMatchObject({ status: 400, body: { error: 'invalidJson', details: [{ path: 'body' }] } });
    expect(JSON.stringify(res.body)).not.toContain('bob');
  });

  test.each([
    ['gzip', Buffer.from('not gzip at all')],
    ['deflate', Buffer.from('not deflate')],
    ['br', Buffer.from('not brotli')],
  ])('when the body is not in the %s Content-Encoding it names, then 400 and nothing starts', async (encoding, bytes) => {
    const res = await fetch(`${api.baseUrl}/arrangements`, {
      method: 'POST',
      headers: { authorization: `Bearer ${partnerA}`, 'content-type': 'application/json', 'content-encoding': encoding },
      body: bytes,
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'invalidRequest' });
    expect(startCalls(fake)).toBe(0);
  });

  test.each([
    ['/arrangements/%zz', '%zz'],
    ['/arrangements/%E0%A4%A/audit', '%E0'],
    ['/arrangements/A%/submitProposal', 'A%'],
  ])('when the path %s has a malformed %% escape, then 400 without echoing it', async (path, segment) => {
    const res = await fetch(`${api.baseUrl}${path}`, { headers: { authorization: `Bearer ${partnerA}` } });
    expect(res.status).toBe(400);
    expect(await res.text()).not.toContain(segment);
  });

  test('when the body exceeds the limit, then 413 and nothing starts', async () => {
    const body = createBody('ARR-1');
    body.terms.aims = [('x'.repeat(1024) + ' ').repeat(300)];
    const res = await call(api, 'POST', '/arrangements', { token: partnerA, body });
    expect(res).toMatchObject({ status: 413, body: { error: 'payloadTooLarge' } });
    expect(startCalls(fake)).toBe(0);
  });
});

describe('lists and logs', () => {
  test('when a partner lists, then the visibility query is scoped to its organisation and the filters', async () => {
    const res = await call(api, 'GET', '/arrangements?status=notified&type=pooledFund&deadlineBefore=2030-01-01', { token: partnerA });
    expect(res.status).toBe(200);
    const list = fake.calls.find((c) => c.op === 'list');
    expect(list?.op === 'list' && list.query).toBe(
      `WorkflowType = 'arrangementWorkflow' AND TaskQueue = 'tq-test' AND ArrangementPartners = '${FIXTURE.partyOrg}' AND ArrangementStatus = 'notified' AND ArrangementTypes = 'pooledFund' AND NextDeadline < '2030-01-01T00:00:00.000Z'`,
    );
  });

  test('when an administrator lists, then no scope is added', async () => {
    await call(api, 'GET', '/arrangements', { token: admin });
    const list = fake.calls.find((c) => c.op === 'list');
    expect(list?.op === 'list' && list.query).toBe("WorkflowType = 'arrangementWorkflow' AND TaskQueue = 'tq-test'");
  });

  test('when a filter tries to inject a clause, then 400 and no query runs', async () => {
    const res = await call(api, 'GET', `/arrangements?region=${encodeURIComponent("x' OR WorkflowId != '")}`, { token: admin });
    expect(res).toMatchObject({ status: 400, body: { details: [{ path: 'query.region' }] } });
    expect(fake.calls.some((c) => c.op === 'list')).toBe(false);
  });

  test('when a page token was not issued by the API for these filters, then 400 at once and Temporal is not asked', async () => {
    fake.listResult = { executions: [], nextPageToken: Buffer.from('server-token') };
    const first = await call(api, 'GET', '/arrangements?status=draft', { token: admin });
    const token = first.body.nextPageToken as string;
    fake.calls.length = 0;
    for (const bad of ['abc', 'AAAA', token.slice(0, -5) + (token.at(-5) === 'A' ? 'B' : 'A') + token.slice(-4)]) {
      const res = await call(api, 'GET', `/arrangements?status=draft&pageToken=${bad}`, { token: admin });
      expect(res).toMatchObject({ status: 400, body: { details: [{ path: 'query.pageToken' }] } });
    }
    // The same token with other filters is refused too; with its own filters it pages on.
    expect((await call(api, 'GET', `/arrangements?status=active&pageToken=${token}`, { token: admin })).status).toBe(400);
    expect(fake.calls.some((c) => c.op === 'list')).toBe(false);
    expect((await call(api, 'GET', `/arrangements?status=draft&pageToken=${token}`, { token: admin })).status).toBe(200);
    const list = fake.calls.find((c) => c.op === 'list');
    expect(list?.op === 'list' && Buffer.from(list.nextPageToken ?? []).toString()).toBe('server-token');
  });

  test('when deadlines are listed, then they come soonest first with overdue marked', async () => {
    const now = Date.now();
    fake.listResult = {
      executions: [
        {
          workflowId: 'arrangement:LATE',
          executionStatus: 'RUNNING',
          partnerIds: [],
          types: [],
          nextDeadlineAt: new Date(now + 86_400_000),
        },
        {
          workflowId: 'arrangement:SOON',
          executionStatus: 'RUNNING',
          partnerIds: [],
          types: [],
          nextDeadlineAt: new Date(now - 86_400_000),
        },
      ],
    };
    const res = await call(api, 'GET', '/deadlines', { token: admin });
    expect(res.body.items!.map((i) => [i.ref, i.overdue])).toEqual([
      ['SOON', true],
      ['LATE', false],
    ]);
  });

  test('when a request is served, then every log line it writes carries its request id, echoed in a header', async () => {
    await created();
    const res = await call(api, 'POST', '/arrangements/ARR-1/submitProposal', {
      token: partnerA,
      body: {},
      headers: { 'x-request-id': 'req-abc-1' },
    });
    expect(res.headers.get('x-request-id')).toBe('req-abc-1');
    // One line per request: its outcome (the action accepted) rides on the completion line.
    const lines = api.logs.filter((l) => l.requestId === 'req-abc-1');
    expect(lines).toEqual([expect.objectContaining({ msg: 'request completed', status: 200, ref: 'ARR-1', action: 'submitProposal' })]);
    expect(api.logs.every((l) => typeof l.requestId === 'string')).toBe(true);
    expect(JSON.stringify(api.logs)).not.toMatch(/Bearer /);
  });
});
