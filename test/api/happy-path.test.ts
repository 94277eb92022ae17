/**
 * A whole arrangement, from creation to `ready`, driven through HTTP alone against the real dev
 * server and a real worker: every actor comes from a token, every step is an HTTP POST.
 */
import type { Actor, ArrangementPolicyInput } from '../../domain';
import { commandsToReachReady } from '../domain/fixtures';
import { call, tokenFor } from './api-harness';
import { createBody, FIXTURE, futureTerms, recentlyStartedTerms } from './api-fixtures';
import { eventually } from '../helpers/eventually';
import { startLiveApi, type LiveApi } from './live-api';
import { uniqueRef } from '../helpers/temporal';
import { arrangementWorkflowId } from '../../workflows/contract';

let live: LiveApi;
beforeAll(async () => {
  // Administrators may allow a retrospective start here (the variation test below needs one).
  live = await startLiveApi({ policyBounds: { allowRetrospectiveStart: true } });
});
afterAll(() => live?.stop());

const tokens = new Map<string, string>();
async function tokenOf(actor: Actor): Promise<string> {
  const key = JSON.stringify(actor);
  if (!tokens.has(key)) {
    tokens.set(
      key,
      await tokenFor({
        sub: actor.id,
        role: actor.role as 'partnerOfficer' | 'regionalOfficeOfficer' | 'administrator',
        ...(actor.organisationId ? { org: actor.organisationId } : {}),
        ...(actor.region ? { region: actor.region } : {}),
      }),
    );
  }
  return tokens.get(key) as string;
}

test('when every party acts in turn over HTTP, then the arrangement reaches ready with a complete audit trail', async () => {
  const ref = uniqueRef();
  const terms = futureTerms();
  const proposer = await tokenFor({ sub: `officer@${FIXTURE.partyOrg}`, role: 'partnerOfficer', org: FIXTURE.partyOrg });

  const created = await call(live.api, 'POST', '/arrangements', { token: proposer, body: createBody(ref, terms) });
  expect(created.status).toBe(201);

  const steps = commandsToReachReady(terms);
  for (const [index, step] of steps.entries()) {
    const { type, ...body } = step.command;
    const res = await call(live.api, 'POST', `/arrangements/${ref}/${type}`, {
      token: await tokenOf(step.actor),
      body,
      headers: { 'idempotency-key': `step-${index}` },
    });
    if (res.status !== 200) throw new Error(`step ${index} ${type} answered ${res.status}: ${JSON.stringify(res.body)}`);
  }

  const state = await call(live.api, 'GET', `/arrangements/${ref}?consistent=true`, { token: proposer });
  expect(state).toMatchObject({ status: 200, body: { ref, status: 'ready' } });

  const audit = await call(live.api, 'GET', `/arrangements/${ref}/audit`, { token: proposer });
  expect(audit.status).toBe(200);
  expect(audit.body.entries![0]).toMatchObject({ action: 'created', actorId: `officer@${FIXTURE.partyOrg}` });
  const actorIds = new Set(audit.body.entries!.map((e) => e.actorId));
  for (const step of steps) expect(actorIds).toContain(step.actor.id);

  const why = await call(live.api, 'GET', `/arrangements/${ref}/why-waiting`, { token: proposer });
  expect(why).toMatchObject({ status: 200, body: { status: 'ready' } });
  expect(live.sent.length).toBeGreaterThan(0);

  // The list is a visibility query: it catches up with the workflow's upserts shortly.
  await eventually(async () => {
    const list = await call(live.api, 'GET', '/arrangements?status=ready', { token: proposer });
    expect(list.body.items?.some((i) => i.ref === ref)).toBe(true);
  });
});

/** Creates an arrangement and drives it to `ready` through HTTP; returns the proposer's token. */
async function driveToReady(ref: string, terms = futureTerms(), policy?: ArrangementPolicyInput): Promise<string> {
  const proposer = await tokenFor({ sub: `officer@${FIXTURE.partyOrg}`, role: 'partnerOfficer', org: FIXTURE.partyOrg });
  const body = { ...createBody(ref, terms), ...(policy ? { policy } : {}) };
  // Only an administrator may override the policy (within the deployment's bounds).
  const creator = policy ? await tokenFor({ sub: 'ada', role: 'administrator' }) : proposer;
  expect((await call(live.api, 'POST', '/arrangements', { token: creator, body })).status).toBe(201);
  for (const step of commandsToReachReady(terms)) {
    const { type, ...body } = step.command;
    const res = await call(live.api, 'POST', `/arrangements/${ref}/${type}`, { token: await tokenOf(step.actor), body });
    if (res.status !== 200) throw new Error(`${type} answered ${res.status}: ${JSON.stringify(res.body)}`);
  }
  return proposer;
}

/** Creates an arrangement that started a week ago and waits until it is active; returns the proposer's token. */
async function driveToActive(ref: string, terms: ReturnType<typeof recentlyStartedTerms>): Promise<string> {
  // Started a week ago, so it is active at once; such a retrospective start needs the policy switch.
  const proposer = await driveToReady(ref, terms, { allowRetrospectiveStart: true });
  await eventually(async () =>
    expect((await call(live.api, 'GET', `/arrangements/${ref}?consistent=true`, { token: proposer })).body.status).toBe('active'),
  );
  return proposer;
}

test('when the proposer of a variation tries to decide it, then 409 proposerCannotDecide; another partner may', async () => {
  const ref = uniqueRef();
  const terms = recentlyStartedTerms();
  const proposer = await driveToActive(ref, terms);

  const varied = { terms: { ...terms, aims: [...terms.aims, 'Shorter waits'] } };
  const proposed = await call(live.api, 'POST', `/arrangements/${ref}/proposeVariation`, { token: proposer, body: varied });
  expect(proposed.status).toBe(200);

  const own = await call(live.api, 'POST', `/arrangements/${ref}/decideVariation`, { token: proposer, body: { decision: 'approve' } });
  expect(own).toMatchObject({ status: 409, body: { error: 'proposerCannotDecide', citation: expect.any(String) } });

  const county = FIXTURE.otherParties[2];
  const other = await tokenFor({ sub: `officer@${county}`, role: 'partnerOfficer', org: county });
  const decided = await call(live.api, 'POST', `/arrangements/${ref}/decideVariation`, { token: other, body: { decision: 'approve' } });
  expect(decided.status).toBe(200);

  // The lineage: both versions, the second with what it changed, how it was classified and who decided it.
  const aimAdded = { path: `aims.${terms.aims.length}`, new: 'Shorter waits' };
  const audit = await call(live.api, 'GET', `/arrangements/${ref}/audit`, { token: proposer });
  expect(audit.body.entries?.find((e) => e.action === 'proposeVariation')?.details).toEqual({ changes: [aimAdded] });
  const versions = await call(live.api, 'GET', `/arrangements/${ref}/versions`, { token: other });
  expect(versions.status).toBe(200);
  expect(versions.body.current).toBe(2);
  expect(versions.body.versions?.map((v) => [v.n, v.effectiveDate, v.changes])).toEqual([
    [1, terms.startDate, []],
    [2, expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), [aimAdded]],
  ]);
  expect(await call(live.api, 'GET', `/arrangements/${ref}/versions/2`, { token: other })).toMatchObject({
    status: 200,
    body: {
      ref,
      n: 2,
      changes: [aimAdded],
      classification: { materiality: 'minor', reasons: [] },
      decisions: [
        expect.objectContaining({ action: 'proposeVariation', organisationId: FIXTURE.partyOrg }),
        expect.objectContaining({ action: 'decideVariation', organisationId: county }),
      ],
    },
  });
  expect(await call(live.api, 'GET', `/arrangements/${ref}/versions/3`, { token: other })).toMatchObject({
    status: 404,
    body: { error: 'notFound', details: [{ path: 'params.n', message: 'Versions on record: 1, 2.' }] },
  });
  expect(await call(live.api, 'GET', `/arrangements/${ref}/versions/first`, { token: other })).toMatchObject({
    status: 400,
    body: { details: [expect.objectContaining({ path: 'params.n' })] },
  });

  // A change proposed as a JSON Merge Patch of the terms, then withdrawn by its proposer.
  const patched = await call(live.api, 'POST', `/arrangements/${ref}/proposeVariation`, {
    token: proposer,
    body: { patch: { aims: ['Shorter waits'] } },
  });
  expect(patched.status).toBe(200);
  const pending = await call(live.api, 'GET', `/arrangements/${ref}?consistent=true`, { token: proposer });
  expect((pending.body as { variation?: { terms: { aims: string[] } } }).variation?.terms.aims).toEqual(['Shorter waits']);
  expect((await call(live.api, 'POST', `/arrangements/${ref}/withdrawVariation`, { token: other, body: {} })).body.error).toBe(
    'notTheProposer',
  );
  expect((await call(live.api, 'POST', `/arrangements/${ref}/withdrawVariation`, { token: proposer, body: {} })).status).toBe(200);
  const after = await call(live.api, 'GET', `/arrangements/${ref}?consistent=true`, { token: proposer });
  expect(after.body).toMatchObject({ version: 2, terms: { aims: [...terms.aims, 'Shorter waits'] } });
  expect((after.body as { variation?: unknown }).variation).toBeUndefined();
});

test('when a material variation is acknowledged over HTTP, then it takes effect only once every partner has signed it (signVariation)', async () => {
  const ref = uniqueRef();
  const terms = recentlyStartedTerms();
  const proposer = await driveToActive(ref, terms);
  // A bigger pool: material (EN 239), decided by the Regional Office (notify-and-acknowledge gate here).
  const contributions = terms.pooledFund!.contributions.map((c) => ({ ...c, amountPence: c.amountPence + 1_000_00 }));
  const proposed = await call(live.api, 'POST', `/arrangements/${ref}/proposeVariation`, {
    token: proposer,
    body: { patch: { pooledFund: { contributions } } },
  });
  expect(proposed).toMatchObject({ status: 200, body: { version: 1 } });
  const partnerTokens = await Promise.all(
    terms.partners.map((p) => tokenFor({ sub: `officer@${p.id}`, role: 'partnerOfficer', org: p.id })),
  );
  const [firstSigner] = partnerTokens;
  expect(await call(live.api, 'POST', `/arrangements/${ref}/signVariation`, { token: firstSigner!, body: {} })).toMatchObject({
    status: 409,
    body: { error: 'variationAwaitsRegionalOffice', citation: expect.stringContaining('EN 239') },
  });

  const ro = await tokenFor({ sub: 'officer@ro-northWest', role: 'regionalOfficeOfficer', region: FIXTURE.region });
  expect(await call(live.api, 'POST', `/arrangements/${ref}/acknowledgeReceipt`, { token: ro, body: {} })).toMatchObject({
    status: 200,
    body: { status: 'active', version: 1 },
  });
  const why = await call(live.api, 'GET', `/arrangements/${ref}/why-waiting`, { token: proposer });
  expect(why.body).toMatchObject({ whoMustAct: terms.partners.map((p) => p.name) });

  for (const token of partnerTokens.slice(0, -1)) {
    expect((await call(live.api, 'POST', `/arrangements/${ref}/signVariation`, { token, body: {} })).body).toMatchObject({ version: 1 });
  }
  expect(await call(live.api, 'POST', `/arrangements/${ref}/signVariation`, { token: firstSigner!, body: {} })).toMatchObject({
    status: 409,
    body: { error: 'alreadySigned' },
  });
  const still = await call(live.api, 'GET', `/arrangements/${ref}`, { token: proposer });
  expect((still.body as { terms: typeof terms }).terms.pooledFund?.contributions).toEqual(terms.pooledFund!.contributions);

  const last = await call(live.api, 'POST', `/arrangements/${ref}/signVariation`, { token: partnerTokens.at(-1)!, body: {} });
  expect(last).toMatchObject({ status: 200, body: { status: 'active', version: 2 } });
  const version2 = await call(live.api, 'GET', `/arrangements/${ref}/versions/2`, { token: proposer });
  expect(version2.body).toMatchObject({ classification: { materiality: 'material', reasons: ['the size of the pooled fund changes'] } });
  expect((version2.body as { decisions: { action: string }[] }).decisions.map((d) => d.action)).toEqual([
    'proposeVariation',
    'acknowledgeReceipt',
    ...terms.partners.map(() => 'signVariation'),
  ]);
});

test('when a keyed action is retried, then it applies once and answers the same', async () => {
  const ref = uniqueRef();
  const proposer = await tokenFor({ sub: `officer@${FIXTURE.partyOrg}`, role: 'partnerOfficer', org: FIXTURE.partyOrg });
  expect((await call(live.api, 'POST', '/arrangements', { token: proposer, body: createBody(ref) })).status).toBe(201);

  const send = () =>
    call(live.api, 'POST', `/arrangements/${ref}/submitProposal`, {
      token: proposer,
      body: {},
      headers: { 'idempotency-key': 'submit-once' },
    });
  const first = await send();
  const auditAfterFirst = await call(live.api, 'GET', `/arrangements/${ref}/audit`, { token: proposer });
  const retry = await send();
  expect(first.status).toBe(200);
  expect(retry).toEqual(expect.objectContaining({ status: 200, body: first.body }));
  const auditAfterRetry = await call(live.api, 'GET', `/arrangements/${ref}/audit`, { token: proposer });
  expect(auditAfterRetry.body.entries).toHaveLength(auditAfterFirst.body.entries!.length);
});

test('when a rule refuses an action, then 409 carries the rule code and its citation, and the state is unchanged', async () => {
  const ref = uniqueRef();
  const proposer = await tokenFor({ sub: `officer@${FIXTURE.partyOrg}`, role: 'partnerOfficer', org: FIXTURE.partyOrg });
  expect((await call(live.api, 'POST', '/arrangements', { token: proposer, body: createBody(ref) })).status).toBe(201);
  const before = await call(live.api, 'GET', `/arrangements/${ref}?consistent=true`, { token: proposer });

  const res = await call(live.api, 'POST', `/arrangements/${ref}/closeConsultation`, { token: proposer, body: {} });
  expect(res.status).toBe(409);
  expect(res.body).toEqual(
    expect.objectContaining({
      error: expect.any(String),
      message: expect.any(String),
      citation: expect.any(String),
      details: expect.any(Array),
    }),
  );
  const after = await call(live.api, 'GET', `/arrangements/${ref}?consistent=true`, { token: proposer });
  expect(after.body.version).toBe(before.body.version);
  expect(after.body.audit).toHaveLength(before.body.audit!.length);
});

test('when a reference is unknown, then 404 for reads and actions alike', async () => {
  const admin = await tokenFor({ sub: 'ada', role: 'administrator' });
  expect((await call(live.api, 'GET', '/arrangements/NO-SUCH-REF', { token: admin })).status).toBe(404);
  expect((await call(live.api, 'POST', '/arrangements/NO-SUCH-REF/submitProposal', { token: admin, body: {} })).status).toBe(404);
});

test('when Temporal answers and a worker polls the task queue, then /readyz is ready and counts it', async () => {
  expect(await call(live.api, 'GET', '/readyz')).toMatchObject({
    status: 200,
    body: { status: 'ready', taskQueue: live.taskQueue, workers: 1 },
  });
});

test('when an arrangement has closed, then it still reads, and an action answers 409 arrangementClosed to those who may see it and 404 to others', async () => {
  const ref = uniqueRef('CLOSED');
  const proposer = await tokenFor({ sub: `officer@${FIXTURE.partyOrg}`, role: 'partnerOfficer', org: FIXTURE.partyOrg });
  const outsider = await tokenFor({ sub: 'bob', role: 'partnerOfficer', org: 'pct-elsewhere' });
  const ro = await tokenFor({ sub: 'rita', role: 'regionalOfficeOfficer', region: FIXTURE.region });
  expect((await call(live.api, 'POST', '/arrangements', { token: proposer, body: createBody(ref) })).status).toBe(201);
  expect(
    (await call(live.api, 'POST', `/arrangements/${ref}/abandon`, { token: proposer, body: { reason: 'Funding withdrawn' } })).status,
  ).toBe(200);
  const handle = live.env.client.workflow.getHandle(arrangementWorkflowId(ref));
  await eventually(async () => expect((await handle.describe()).status.name).toBe('COMPLETED'));

  // A Query on a closed workflow still answers, so reads need no describe.
  expect(await call(live.api, 'GET', `/arrangements/${ref}?consistent=true`, { token: proposer })).toMatchObject({
    status: 200,
    body: { ref, status: 'abandoned' },
  });
  const audit = await call(live.api, 'GET', `/arrangements/${ref}/audit`, { token: proposer });
  expect(audit.body.entries!.at(-1)).toMatchObject({ action: 'abandon' });
  expect((await call(live.api, 'GET', `/arrangements/${ref}?consistent=true`, { token: outsider })).status).toBe(404);

  expect(await call(live.api, 'POST', `/arrangements/${ref}/submitProposal`, { token: proposer, body: {} })).toMatchObject({
    status: 409,
    body: { error: 'arrangementClosed' },
  });
  const unknown = await call(live.api, 'POST', `/arrangements/${ref}-NONE/submitProposal`, { token: outsider, body: {} });
  const hidden = await call(live.api, 'POST', `/arrangements/${ref}/submitProposal`, { token: outsider, body: {} });
  expect(hidden.status).toBe(404);
  expect(hidden.body.error).toBe(unknown.body.error);
  expect((await call(live.api, 'POST', `/arrangements/${ref}/submitProposal`, { token: ro, body: {} })).status).toBe(403);
  expect((await call(live.api, 'GET', `/arrangements/${ref}/audit`, { token: proposer })).body.entries).toHaveLength(
    audit.body.entries!.length,
  );
});

test('when someone outside its scope acts on a running arrangement, then 404 exactly as for an unknown reference, and nothing changes', async () => {
  const ref = uniqueRef('SCOPE');
  const proposer = await tokenFor({ sub: `officer@${FIXTURE.partyOrg}`, role: 'partnerOfficer', org: FIXTURE.partyOrg });
  const otherRo = await tokenFor({ sub: 'otto', role: 'regionalOfficeOfficer', region: 'southEast' });
  const unknown = await call(live.api, 'POST', `/arrangements/${ref}/submitProposal`, { token: otherRo, body: {} });
  expect((await call(live.api, 'POST', '/arrangements', { token: proposer, body: createBody(ref) })).status).toBe(201);
  const before = await call(live.api, 'GET', `/arrangements/${ref}?consistent=true`, { token: proposer });
  const hidden = await call(live.api, 'POST', `/arrangements/${ref}/submitProposal`, { token: otherRo, body: {} });
  expect(unknown.status).toBe(404);
  expect(hidden).toMatchObject({ status: 404, body: unknown.body });
  const after = await call(live.api, 'GET', `/arrangements/${ref}?consistent=true`, { token: proposer });
  expect(after.body).toMatchObject({ status: 'draft', version: before.body.version });
  expect(after.body.audit).toHaveLength(before.body.audit!.length);
});

test('when a create reuses its Idempotency-Key with another body on a reference the register holds, then 422 naming the key (was 409)', async () => {
  const ref = uniqueRef();
  const proposer = await tokenFor({ sub: `officer@${FIXTURE.partyOrg}`, role: 'partnerOfficer', org: FIXTURE.partyOrg });
  const headers = { 'idempotency-key': `create-${ref}` };
  expect((await call(live.api, 'POST', '/arrangements', { token: proposer, body: createBody(ref), headers })).status).toBe(201);
  const other = createBody(ref);
  other.terms.aims = ['Something else'];
  expect(await call(live.api, 'POST', '/arrangements', { token: proposer, body: other, headers })).toMatchObject({
    status: 422,
    body: {
      error: 'idempotencyKeyReused',
      message: expect.stringContaining(`create-${ref}`),
      details: [{ path: 'header.idempotency-key' }],
    },
  });
  // Without the key (or with another), the same clash is the reference's: 409.
  expect(await call(live.api, 'POST', '/arrangements', { token: proposer, body: other })).toMatchObject({
    status: 409,
    body: { details: [{ path: 'body.ref' }] },
  });
});

test('when an Idempotency-Key is reused with a different body, then 422 naming the key, and nothing changes', async () => {
  const ref = uniqueRef();
  const proposer = await tokenFor({ sub: `officer@${FIXTURE.partyOrg}`, role: 'partnerOfficer', org: FIXTURE.partyOrg });
  expect((await call(live.api, 'POST', '/arrangements', { token: proposer, body: createBody(ref) })).status).toBe(201);
  expect((await call(live.api, 'POST', `/arrangements/${ref}/submitProposal`, { token: proposer, body: {} })).status).toBe(200);
  const respond = (summary: string) =>
    call(live.api, 'POST', `/arrangements/${ref}/recordConsultationResponse`, {
      token: proposer,
      body: { group: 'service users', summary },
      headers: { 'idempotency-key': 'response-1' },
    });
  const first = await respond('We support it');
  expect(first.status).toBe(200);
  const before = await call(live.api, 'GET', `/arrangements/${ref}/audit`, { token: proposer });

  const other = await respond('We oppose it');
  expect(other).toMatchObject({
    status: 422,
    body: { error: 'idempotencyKeyReused', message: expect.stringContaining('response-1'), details: [{ path: 'header.idempotency-key' }] },
  });
  expect(await respond('We support it')).toEqual(expect.objectContaining({ status: 200, body: first.body }));
  const after = await call(live.api, 'GET', `/arrangements/${ref}/audit`, { token: proposer });
  expect(after.body.entries).toEqual(before.body.entries);
});
