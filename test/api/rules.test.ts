/**
 * The statutory rules as a new user meets them over HTTP, on the real dev server and a real worker
 * (issue 11): refused at the right moment, every refusal at once, each with its code, citation and
 * the field at fault, and nothing changed by a refusal.
 */
import { startArrangement } from '../helpers/arrangements';
import { uniqueRef } from '../helpers/temporal';
import type { Actor } from '../../domain';
import { commandsToReachReady, PARTNERS, type ScriptStep } from '../domain/fixtures';
import { call, tokenFor } from './api-harness';
import { createBody, FIXTURE, futureTerms, recentlyStartedTerms } from './api-fixtures';
import { eventually } from '../helpers/eventually';
import { startLiveApi, type LiveApi } from './live-api';

let live: LiveApi;
beforeAll(async () => {
  // A retrospective start needs an administrator's override, within the deployment's bounds.
  live = await startLiveApi({ policyBounds: { allowRetrospectiveStart: true } });
});
afterAll(() => live?.stop());

/** A token for the actor of a domain script step. */
const tokenOfActor = (actor: Actor) =>
  tokenFor({
    sub: actor.id,
    role: actor.role as 'partnerOfficer' | 'regionalOfficeOfficer' | 'administrator',
    ...(actor.organisationId ? { org: actor.organisationId } : {}),
    ...(actor.region ? { region: actor.region } : {}),
  });

/** Posts each step over HTTP, failing on the first that is not accepted. */
async function drive(ref: string, steps: readonly ScriptStep[]): Promise<void> {
  for (const step of steps) {
    const { type, ...body } = step.command;
    const res = await call(live.api, 'POST', `/arrangements/${ref}/${type}`, { token: await tokenOfActor(step.actor), body });
    if (res.status !== 200) throw new Error(`${type} answered ${res.status}: ${JSON.stringify(res.body)}`);
  }
}

/** Creates an arrangement with `terms` as the fixture's proposer, then drives it with `steps`; returns the proposer's token. */
async function createAndDrive(ref: string, terms = futureTerms(), steps: readonly ScriptStep[] = [], policy?: Record<string, unknown>) {
  const token = await proposerToken();
  const body = { ...createBody(ref, terms), ...(policy ? { policy } : {}) };
  // Only an administrator may override the policy (issue 16 §3).
  const creator = policy ? await tokenFor({ sub: 'ada', role: 'administrator' }) : token;
  expect((await call(live.api, 'POST', '/arrangements', { token: creator, body })).status).toBe(201);
  await drive(ref, steps);
  return token;
}

/** The steps of the fixture's script before its first checklist mark: they reach agreementDrafting. */
const toDrafting = (script: readonly ScriptStep[]) =>
  script.slice(
    0,
    script.findIndex((s) => s.command.type === 'markChecklistItem'),
  );

const proposerToken = () => tokenFor({ sub: `officer@${FIXTURE.partyOrg}`, role: 'partnerOfficer', org: FIXTURE.partyOrg });

/** Terms with a start after the end, an unknown function and a review date after the end (the observed case). */
function brokenTerms() {
  const terms = futureTerms();
  const year = Number(terms.startDate.slice(0, 4));
  return { ...terms, endDate: `${year}-03-31`, reviewDate: `${year + 1}-01-01`, functionIds: [...terms.functionIds, 'nhs.noSuchFunction'] };
}

/** Every refusal the broken terms earn, in the order the rules find them, as the API's details name them. */
function brokenDetails(at: number) {
  return [
    {
      code: 'functionUnknown',
      path: `body.terms.functionIds.${at}`,
      citation: 'SI 2000/617 reg 4(1) [V-partial]; HSC 2000/010 para 2 [V] (inferred: only catalogued functions)',
      message: expect.stringContaining('nhs.noSuchFunction'),
    },
    { code: 'endNotAfterStart', path: 'body.terms.endDate', citation: 'SI 2000/617 reg 7(3)(f), 9(3)(f) [V]', message: expect.any(String) },
    {
      code: 'reviewNotBeforeEnd',
      path: 'body.terms.reviewDate',
      citation: 'SI 2000/617 reg 7(3)(f), 9(3)(f) [V]',
      message: expect.any(String),
    },
  ];
}

describe('issue 11 §1: refuse early, refuse everything at once, change nothing', () => {
  test('when terms break several eligibility rules at creation, then 400 lists every refusal and no workflow starts', async () => {
    const ref = uniqueRef('INELIGIBLE');
    const terms = brokenTerms();
    const res = await call(live.api, 'POST', '/arrangements', { token: await proposerToken(), body: createBody(ref, terms) });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: 'functionUnknown', citation: expect.any(String) });
    expect(res.body.details).toEqual(brokenDetails(terms.functionIds.length - 1));
    expect(await live.workflowExists(ref)).toBe(false);
  });

  test('when a draft is edited to ineligible terms, then 409 lists every refusal and the draft keeps its terms', async () => {
    const ref = uniqueRef('EDIT');
    const token = await proposerToken();
    expect((await call(live.api, 'POST', '/arrangements', { token, body: createBody(ref) })).status).toBe(201);
    const before = await call(live.api, 'GET', `/arrangements/${ref}?consistent=true`, { token });
    const terms = brokenTerms();
    const res = await call(live.api, 'POST', `/arrangements/${ref}/editProposal`, { token, body: { terms } });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ error: 'functionUnknown' });
    expect(res.body.details).toEqual(brokenDetails(terms.functionIds.length - 1));
    const after = await call(live.api, 'GET', `/arrangements/${ref}?consistent=true`, { token });
    expect(after.body).toMatchObject({ status: 'draft', version: before.body.version, terms: before.body.terms });
    expect(after.body.audit).toHaveLength(before.body.audit!.length);
  });

  test('when ineligible terms are submitted, then 409 lists every refusal, the arrangement stays an editable draft, and fixed terms go on', async () => {
    // Only a client that bypasses the API's create check can hold such a draft: start it as any Temporal client may.
    const ref = uniqueRef('SUBMIT');
    const terms = brokenTerms();
    await startArrangement(
      live.env.client,
      live.taskQueue,
      { ref, terms },
      { id: 'p', role: 'partnerOfficer', organisationId: PARTNERS.pct.id },
    );
    const token = await proposerToken();
    // Started without the API's search attributes: visible (and so open to actions) once its first task has set them.
    await eventually(async () => expect((await call(live.api, 'GET', `/arrangements/${ref}`, { token })).status).toBe(200), 10_000, 100);
    const res = await call(live.api, 'POST', `/arrangements/${ref}/submitProposal`, { token, body: {} });
    expect(res.status).toBe(409);
    expect(res.body.details).toEqual(brokenDetails(terms.functionIds.length - 1));
    expect((await call(live.api, 'GET', `/arrangements/${ref}?consistent=true`, { token })).body.status).toBe('draft');

    expect((await call(live.api, 'POST', `/arrangements/${ref}/editProposal`, { token, body: { terms: futureTerms() } })).status).toBe(200);
    const submitted = await call(live.api, 'POST', `/arrangements/${ref}/submitProposal`, { token, body: {} });
    expect(submitted).toMatchObject({ status: 200, body: { status: 'consultationOpen' } });
  });
});

describe('issue 11 §3: a finding is a finding', () => {
  test('when the HImP check finds the arrangement not consistent, then it keeps waiting and why-waiting says so; a consistent finding completes the preconditions', async () => {
    const ref = uniqueRef('HIMP');
    const terms = futureTerms();
    const token = await proposerToken();
    expect((await call(live.api, 'POST', '/arrangements', { token, body: createBody(ref, terms) })).status).toBe(201);
    const script = commandsToReachReady(terms);
    const himpAt = script.findIndex((s) => s.command.type === 'recordHimpCheck');
    const himp = script[himpAt]!;
    const others = script.filter((s) => s.command.type === 'attestImprovement' || s.command.type === 'grantConsent');
    await drive(ref, script.slice(0, himpAt));

    const negative = { ...himp.command, finding: 'notConsistent' } as ScriptStep['command'];
    await drive(ref, [{ ...himp, command: negative }, ...others]);
    const why = await call(live.api, 'GET', `/arrangements/${ref}/why-waiting`, { token });
    expect(why.body).toMatchObject({ status: 'preconditionsPending', rule: expect.stringContaining('HSC 2000/010 para 3 [V]') });
    expect(why.body.blockingCondition).toEqual(expect.stringContaining('found it not consistent'));

    const { type: _type, ...consistent } = himp.command;
    const res = await call(live.api, 'POST', `/arrangements/${ref}/recordHimpCheck`, { token, body: consistent });
    expect(res).toMatchObject({ status: 200, body: { status: 'agreementDrafting' } });
  });

  test('when a HImP check gives no finding, then 400 names body.finding', async () => {
    const ref = uniqueRef('HIMP-NONE');
    const token = await proposerToken();
    expect((await call(live.api, 'POST', '/arrangements', { token, body: createBody(ref) })).status).toBe(201);
    const res = await call(live.api, 'POST', `/arrangements/${ref}/recordHimpCheck`, { token, body: { himpRef: 'H', objectives: ['x'] } });
    expect(res).toMatchObject({ status: 400, body: { details: [expect.objectContaining({ path: 'body.finding' })] } });
  });
});

describe('issue 11 §2: a refusal names exactly what is wrong', () => {
  test('when a pooled fund is proposed between a Health Authority and an NHS trust, then 400 says there is no local authority', async () => {
    const base = futureTerms();
    const nhsOnly = [PARTNERS.ha.id, PARTNERS.trust.id];
    const terms = {
      ...base,
      partners: base.partners.filter((p) => nhsOnly.includes(p.id)),
      pooledFund: {
        ...base.pooledFund!,
        hostPartnerId: PARTNERS.ha.id,
        contributions: base.pooledFund!.contributions.filter((c) => nhsOnly.includes(c.partnerId)),
      },
    };
    const ha = await tokenFor({ sub: 'hugh', role: 'partnerOfficer', org: PARTNERS.ha.id });
    const res = await call(live.api, 'POST', '/arrangements', { token: ha, body: createBody(uniqueRef('NO-LA'), terms) });
    expect(res).toMatchObject({
      status: 400,
      body: { error: 'partnerMixInvalid', citation: 'SI 2000/617 reg 2(1) [V]', details: [{ path: 'body.terms.partners' }] },
    });
    expect(res.body.message).toMatch(/no local authority/);
    expect(res.body.message).toContain(PARTNERS.ha.name);
  });

  test('when a Primary Care Group is entered as a partner, then the rules refuse it, citing the regulation, with the advice to act through its Health Authority', async () => {
    const base = futureTerms();
    const pcg = { ...PARTNERS.pct, id: 'pcg-riverside', name: 'Riverside Primary Care Group', kind: 'primaryCareGroup' as const };
    const terms = { ...base, partners: [...base.partners, pcg] };
    const res = await call(live.api, 'POST', '/arrangements', { token: await proposerToken(), body: createBody(uniqueRef('PCG'), terms) });
    expect(res).toMatchObject({
      status: 400,
      body: {
        error: 'partnerKindNotPrescribed',
        citation: expect.stringContaining('SI 2000/617 reg 3(1)-(2) [V]'),
        details: [{ path: `body.terms.partners.${base.partners.length}.kind` }],
      },
    });
    expect(res.body.citation).toContain('HSC 2000/010 para 3 [V]');
    expect(res.body.message).toMatch(/Primary Care Group acts through its Health Authority/);
  });
});

describe('issue 11 §5: a refusal says what to do instead; valid values can be found', () => {
  test('when the Regional Office withdraws approval of a ready arrangement, then 409 says that abandon, by a partner, applies now', async () => {
    const ref = uniqueRef('READY');
    const terms = futureTerms();
    await createAndDrive(ref, terms, commandsToReachReady(terms));
    const ro = await tokenFor({ sub: 'rita', role: 'regionalOfficeOfficer', region: FIXTURE.region });
    const res = await call(live.api, 'POST', `/arrangements/${ref}/withdrawApproval`, { token: ro, body: { reason: 'Concerns' } });
    expect(res).toMatchObject({ status: 409, body: { error: 'notAllowedInStatus', citation: expect.any(String) } });
    expect(res.body.message).toContain('withdrawApproval is not possible while the arrangement is ready');
    expect(res.body.message).toContain('abandon (a partner officer or an administrator)');
  });

  test('when the Regional Office decides a material variation under a notify-and-acknowledge gate, then 409 names acknowledgeReceipt; after notice, why-waiting gives the termination date', async () => {
    const ref = uniqueRef('VARY');
    const terms = recentlyStartedTerms();
    const token = await createAndDrive(ref, terms, commandsToReachReady(terms), { allowRetrospectiveStart: true });
    await eventually(async () =>
      expect((await call(live.api, 'GET', `/arrangements/${ref}?consistent=true`, { token })).body.status).toBe('active'),
    );

    const varied = { terms: { ...terms, serviceKinds: [...terms.serviceKinds, 'respite care'] } };
    expect((await call(live.api, 'POST', `/arrangements/${ref}/proposeVariation`, { token, body: varied })).status).toBe(200);
    const ro = await tokenFor({ sub: 'rita', role: 'regionalOfficeOfficer', region: FIXTURE.region });
    const res = await call(live.api, 'POST', `/arrangements/${ref}/decideVariation`, { token: ro, body: { decision: 'approve' } });
    expect(res).toMatchObject({ status: 409, body: { error: 'variationNeedsAcknowledgement', citation: expect.any(String) } });
    expect(res.body.message).toContain('acknowledgeReceipt');

    expect((await call(live.api, 'POST', `/arrangements/${ref}/giveNotice`, { token, body: {} })).status).toBe(200);
    const why = await call(live.api, 'GET', `/arrangements/${ref}/why-waiting`, { token });
    expect(why.body).toMatchObject({ status: 'terminating', terminationDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    expect(why.body.blockingCondition).toContain(`ends on ${String(why.body.terminationDate)}`);
  });

  test('when an action name is mistyped, then 404 suggests the nearest actions', async () => {
    const ref = uniqueRef('TYPO');
    const token = await proposerToken();
    expect((await call(live.api, 'POST', '/arrangements', { token, body: createBody(ref) })).status).toBe(201);
    const res = await call(live.api, 'POST', `/arrangements/${ref}/submitProposl`, { token, body: {} });
    expect(res).toMatchObject({ status: 404, body: { error: 'notFound', details: [{ path: 'params.action' }] } });
    expect(res.body.message).toContain('Did you mean submitProposal');
  });

  test('when the agreement is being drafted, then why-waiting lists the checklist with labels and citations', async () => {
    const ref = uniqueRef('DRAFTING');
    const terms = futureTerms();
    const token = await createAndDrive(ref, terms, toDrafting(commandsToReachReady(terms)));
    const why = await call(live.api, 'GET', `/arrangements/${ref}/why-waiting`, { token });
    expect(why.body).toMatchObject({ status: 'agreementDrafting' });
    expect(why.body.checklist).toEqual(
      expect.arrayContaining([
        {
          itemId: 'PF-A',
          label: 'Agreed aims and outcomes of the pooled fund arrangements',
          citation: 'SI 2000/617 reg 7(3)(a) [V]',
          marked: false,
        },
      ]),
    );
    expect(why.body.blockingCondition).toContain('PF-A (Agreed aims and outcomes of the pooled fund arrangements)');
  });

  test('when a client asks for the reference lists, then functions, partner kinds and checklist items come with labels, and OpenAPI gives them as enums', async () => {
    const res = await call(live.api, 'GET', '/reference');
    expect(res.status).toBe(200);
    expect(res.body.functions).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: 'X-SURG', label: 'Surgery', excluded: true })]),
    );
    expect(res.body.partnerKinds).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'countyCouncil', prescribed: true, sector: 'localAuthority' }),
        expect.objectContaining({ kind: 'primaryCareGroup', prescribed: false, advice: expect.stringContaining('Health Authority') }),
      ]),
    );
    expect(res.body.checklistItems).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: 'X-LIABILITY', label: expect.any(String) })]),
    );
    const doc = JSON.stringify((await call(live.api, 'GET', '/openapi.json')).body.paths?.['/reference']);
    for (const id of ['X-SURG', 'primaryCareGroup', 'X-LIABILITY']) expect(doc).toContain(`"${id}"`);
  });
});

describe('issue 11 §5: the whole checklist in one request', () => {
  test('when every item is marked in one request, then one audit entry per item; a request with faults is refused whole, naming each', async () => {
    const ref = uniqueRef('BULK');
    const terms = futureTerms();
    const script = commandsToReachReady(terms);
    const token = await createAndDrive(ref, terms, toDrafting(script));
    const before = await call(live.api, 'GET', `/arrangements/${ref}/audit`, { token });

    const bad = [
      { itemId: 'D9-A', documentRef: 'agreement.pdf#D9-A' },
      { itemId: 'X-LIABILITY', transfersLiability: true },
    ];
    const refused = await call(live.api, 'POST', `/arrangements/${ref}/markChecklistItems`, { token, body: { items: bad } });
    expect(refused).toMatchObject({ status: 409, body: { error: 'checklistItemNotRequired' } });
    expect(refused.body.details).toEqual([
      expect.objectContaining({ code: 'checklistItemNotRequired', path: 'body.items.0.itemId', citation: expect.any(String) }),
      expect.objectContaining({ code: 'liabilityTransferClause', path: 'body.items.1.transfersLiability', citation: expect.any(String) }),
    ]);

    const items = script.flatMap((s) =>
      s.command.type === 'markChecklistItem' ? [{ itemId: s.command.itemId, documentRef: s.command.documentRef }] : [],
    );
    const res = await call(live.api, 'POST', `/arrangements/${ref}/markChecklistItems`, { token, body: { items } });
    expect(res.status).toBe(200);
    const after = await call(live.api, 'GET', `/arrangements/${ref}/audit`, { token });
    const added = after.body.entries!.slice(before.body.entries!.length);
    expect(added.map((e) => [e.action, (e.details as { itemId?: string } | undefined)?.itemId])).toEqual(
      items.map((i) => ['markChecklistItem', i.itemId]),
    );
    const why = await call(live.api, 'GET', `/arrangements/${ref}/why-waiting`, { token });
    expect(why.body.blockingCondition).toMatch(/^Awaiting signatures/);
  });
});

describe('issue 11 §4: what the terms already say is checked from the terms', () => {
  test('when a pool partner contributes nothing, then why-waiting names it, and neither a tick of PF-B nor the signatures can override the gap', async () => {
    const ref = uniqueRef('GAP');
    const base = futureTerms();
    const terms = {
      ...base,
      pooledFund: { ...base.pooledFund!, contributions: base.pooledFund!.contributions.filter((c) => c.partnerId !== PARTNERS.county.id) },
    };
    const script = commandsToReachReady(terms);
    const token = await createAndDrive(ref, terms, toDrafting(script));

    const why = await call(live.api, 'GET', `/arrangements/${ref}/why-waiting`, { token });
    expect(why.body).toMatchObject({ status: 'agreementDrafting', rule: 'SI 2000/617 reg 7(3)(b) [V]' });
    expect(why.body.blockingCondition).toContain(`no contribution from ${PARTNERS.county.name}`);

    const tick = await call(live.api, 'POST', `/arrangements/${ref}/markChecklistItem`, {
      token,
      body: { itemId: 'PF-B', documentRef: 'a.pdf#PF-B' },
    });
    expect(tick).toMatchObject({ status: 409, body: { error: 'checklistItemNotInTerms', citation: 'SI 2000/617 reg 7(3)(b) [V]' } });
    expect(tick.body.message).toContain(PARTNERS.county.name);

    // Every other item ticked, the signature is still refused for the gap.
    const others = script.filter((s) => s.command.type === 'markChecklistItem' && s.command.itemId !== 'PF-B');
    await drive(ref, others);
    const sign = await call(live.api, 'POST', `/arrangements/${ref}/signAgreement`, { token, body: {} });
    expect(sign.status).toBe(409);
    expect(sign.body.error).toBe('checklistIncomplete');
  });

  test('when a pool covers no health-related function of its council, then why-waiting names the council and a tick of PF-C is refused', async () => {
    const ref = uniqueRef('GAPC');
    const base = futureTerms();
    const terms = { ...base, functionIds: base.functionIds.filter((id) => id.startsWith('nhs.')) };
    const script = commandsToReachReady(terms);
    const token = await createAndDrive(ref, terms, toDrafting(script));

    const why = await call(live.api, 'GET', `/arrangements/${ref}/why-waiting`, { token });
    expect(why.body).toMatchObject({ status: 'agreementDrafting', rule: 'SI 2000/617 reg 7(3)(c) [V]' });
    expect(why.body.blockingCondition).toContain(`no health-related function of ${PARTNERS.county.name}`);

    const tick = await call(live.api, 'POST', `/arrangements/${ref}/markChecklistItem`, {
      token,
      body: { itemId: 'PF-C', documentRef: 'a.pdf#PF-C' },
    });
    expect(tick).toMatchObject({ status: 409, body: { error: 'checklistItemNotInTerms', citation: 'SI 2000/617 reg 7(3)(c) [V]' } });
    expect(tick.body.message).toContain(PARTNERS.county.name);
    expect(tick.body.message).toContain('(functionIds)');
  });
});
