/**
 * The authorisation matrix: six principals × every route, against a declared allow/deny table, on
 * the real dev server with a real worker. "allow" means the request got past authentication and
 * scope (2xx, or a 409 from the workflow's rules); a denial is exactly 401, 403 or 404. A partner
 * or Regional Office that may not see an arrangement gets 404, so existence does not leak.
 */
import { COMMAND_TYPES, type CommandType } from '../../domain';
import { uniqueRef } from '../helpers/temporal';
import { call, PRINCIPALS, tokenFor, type PrincipalName } from './api-harness';
import { createBody, FIXTURE, sampleActionBodies } from './api-fixtures';
import { eventually } from '../helpers/eventually';
import { startLiveApi, type LiveApi } from './live-api';

type Outcome = 'allow' | 401 | 403 | 404;

/** Row order: anonymous, partnerA (a party), partnerB (not a party), RO of the region, RO of another region, administrator. */
type Row = [Outcome, Outcome, Outcome, Outcome, Outcome, Outcome];

const READ: Row = [401, 'allow', 404, 'allow', 404, 'allow'];
const LIST: Row = [401, 'allow', 'allow', 'allow', 'allow', 'allow'];
const CREATE: Row = [401, 'allow', 403, 403, 403, 'allow'];
const PARTNER_ACTION: Row = [401, 'allow', 404, 403, 404, 'allow'];
const RO_ACTION: Row = [401, 403, 404, 'allow', 404, 403];
const RO_OR_ADMIN_ACTION: Row = [401, 403, 404, 'allow', 404, 'allow'];
const ANY_ACTION: Row = [401, 'allow', 404, 'allow', 404, 'allow'];

/** The declared table for every action (a new command type fails to compile until it is placed here). */
const ACTION_TABLE: Record<CommandType, Row> = {
  submitProposal: PARTNER_ACTION,
  editProposal: PARTNER_ACTION,
  recordConsultationResponse: PARTNER_ACTION,
  closeConsultation: PARTNER_ACTION,
  considerResponses: PARTNER_ACTION,
  recordHimpCheck: PARTNER_ACTION,
  attestImprovement: PARTNER_ACTION,
  grantConsent: PARTNER_ACTION,
  refuseConsent: PARTNER_ACTION,
  markChecklistItem: PARTNER_ACTION,
  markChecklistItems: PARTNER_ACTION,
  signAgreement: PARTNER_ACTION,
  submitNotification: PARTNER_ACTION,
  acknowledgeReceipt: RO_ACTION,
  approve: RO_ACTION,
  refuse: RO_ACTION,
  requestInformation: RO_ACTION,
  provideInformation: PARTNER_ACTION,
  resubmit: PARTNER_ACTION,
  proposeVariation: PARTNER_ACTION,
  decideVariation: ANY_ACTION,
  withdrawVariation: PARTNER_ACTION,
  signVariation: PARTNER_ACTION,
  fileQuarterlyReport: PARTNER_ACTION,
  fileAnnualReport: PARTNER_ACTION,
  submitAnnualReturn: PARTNER_ACTION,
  certifyAudit: PARTNER_ACTION,
  completeReview: PARTNER_ACTION,
  giveNotice: PARTNER_ACTION,
  withdrawApproval: RO_OR_ADMIN_ACTION,
  completeWindUpItem: PARTNER_ACTION,
  abandon: PARTNER_ACTION,
};

let live: LiveApi;
let tokens: Record<PrincipalName, string | undefined>;
const ref = uniqueRef('AUTH');
const otherRef = uniqueRef('AUTHB');
const PARTNER_B_ORG = 'pct-elsewhere';

beforeAll(async () => {
  live = await startLiveApi();
  tokens = {
    anonymous: undefined,
    partnerA: await tokenFor({ sub: 'alice', role: 'partnerOfficer', org: FIXTURE.partyOrg }),
    partnerB: await tokenFor({ sub: 'bob', role: 'partnerOfficer', org: PARTNER_B_ORG }),
    roOfRegion: await tokenFor({ sub: 'rita', role: 'regionalOfficeOfficer', region: FIXTURE.region }),
    roOtherRegion: await tokenFor({ sub: 'otto', role: 'regionalOfficeOfficer', region: 'southEast' }),
    administrator: await tokenFor({ sub: 'ada', role: 'administrator' }),
  };
  expect((await call(live.api, 'POST', '/arrangements', { token: tokens.partnerA, body: createBody(ref) })).status).toBe(201);
  // Partner B is party to an arrangement of its own, so its empty view of the first is a real scope, not an empty system.
  const bodyB = createBody(otherRef);
  bodyB.terms.partners = bodyB.terms.partners.map((p) => (p.id === FIXTURE.partyOrg ? { ...p, id: PARTNER_B_ORG } : p));
  bodyB.terms.pooledFund = bodyB.terms.pooledFund && {
    ...bodyB.terms.pooledFund,
    contributions: bodyB.terms.pooledFund.contributions.map((c) =>
      c.partnerId === FIXTURE.partyOrg ? { ...c, partnerId: PARTNER_B_ORG } : c,
    ),
  };
  expect((await call(live.api, 'POST', '/arrangements', { token: tokens.partnerB, body: bodyB })).status).toBe(201);
});
afterAll(() => live?.stop());

function expectOutcome(principal: PrincipalName, expected: Outcome, res: { status: number; body: { error?: string } }, what: string): void {
  const label = `${what} as ${principal}: got ${res.status} ${JSON.stringify(res.body)}`;
  if (expected === 'allow') {
    const allowed =
      (res.status >= 200 && res.status < 300) ||
      (res.status === 409 && !['forbidden', 'notFound', 'unauthenticated'].includes(res.body.error ?? ''));
    if (!allowed) throw new Error(`expected allow for ${label}`);
  } else if (res.status !== expected) {
    throw new Error(`expected ${expected} for ${label}`);
  }
}

describe.each(PRINCIPALS.map((p, i) => [p, i] as const))('as %s', (principal, column) => {
  test('then reads of the arrangement follow the table', async () => {
    for (const path of [`/arrangements/${ref}`, `/arrangements/${ref}/why-waiting`, `/arrangements/${ref}/audit`]) {
      const res = await call(live.api, 'GET', path, { token: tokens[principal] });
      expectOutcome(principal, READ[column] as Outcome, res, `GET ${path}`);
    }
  });

  test('then lists and deadlines follow the table', async () => {
    for (const path of ['/arrangements', '/deadlines']) {
      expectOutcome(principal, LIST[column] as Outcome, await call(live.api, 'GET', path, { token: tokens[principal] }), `GET ${path}`);
    }
  });

  test('then creating follows the table', async () => {
    const res = await call(live.api, 'POST', '/arrangements', { token: tokens[principal], body: createBody(uniqueRef('AUTHC')) });
    expectOutcome(principal, CREATE[column] as Outcome, res, 'POST /arrangements');
  });
});

// Sequential and in COMMAND_TYPES order: abandon comes last, so the arrangement stays open until then.
test.each(COMMAND_TYPES)('when every principal tries %s, then each answer matches the declared table', async (type) => {
  const body = sampleActionBodies()[type];
  for (const [column, principal] of PRINCIPALS.entries()) {
    const res = await call(live.api, 'POST', `/arrangements/${ref}/${type}`, { token: tokens[principal], body });
    expectOutcome(principal, ACTION_TABLE[type][column] as Outcome, res, `POST ${type}`);
  }
});

test('when each principal lists, then it sees only what its scope allows', async () => {
  const refsFor = async (principal: PrincipalName): Promise<string[]> =>
    (await call(live.api, 'GET', '/arrangements?pageSize=100', { token: tokens[principal] })).body.items!.map((i) => i.ref);
  await eventually(async () => expect(await refsFor('administrator')).toEqual(expect.arrayContaining([otherRef, ref])));
  expect(await refsFor('partnerA')).toContain(ref);
  expect(await refsFor('partnerA')).not.toContain(otherRef);
  expect(await refsFor('partnerB')).toEqual([otherRef]);
  expect(await refsFor('roOfRegion')).toEqual(expect.arrayContaining([ref, otherRef]));
  expect(await refsFor('roOtherRegion')).toEqual([]);
});

test('when the audit trail is read, then every actor in it is the subject of a token (or the system), never a body field', async () => {
  const audit = await call(live.api, 'GET', `/arrangements/${ref}/audit`, { token: tokens.administrator });
  const actors = new Set(audit.body.entries!.map((e) => e.actorId));
  for (const id of actors) expect(['alice', 'ada', 'rita', 'system']).toContain(id);
});
