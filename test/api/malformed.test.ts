/**
 * Malformed requests, against the real dev server and worker: every one answers 4xx in the error
 * body with the field at fault, none starts a workflow, and none changes an arrangement's state.
 */
import { uniqueRef } from '../helpers/temporal';
import { call, tokenFor, type ApiResponse } from './api-harness';
import { createBody, FIXTURE, futureTerms } from './api-fixtures';
import { startLiveApi, type LiveApi } from './live-api';

let live: LiveApi;
let token: string;
const existing = uniqueRef('MAL');

beforeAll(async () => {
  live = await startLiveApi();
  token = await tokenFor({ sub: 'alice', role: 'partnerOfficer', org: FIXTURE.partyOrg });
  expect((await call(live.api, 'POST', '/arrangements', { token, body: createBody(existing) })).status).toBe(201);
});
afterAll(() => live?.stop());

// Bodies are mutated freely to break them; their type is whatever the case makes it.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;
const createCases: [string, (body: Json) => unknown, number, string][] = [];
const bodyCase = (name: string, mutate: (b: Json) => unknown, path: string, status = 400) => createCases.push([name, mutate, status, path]);
const terms = (b: Json) => b.terms as Json;
const partner0 = (b: Json) => terms(b).partners[0] as Json;

bodyCase('ref missing', (b) => void delete b.ref, 'body.ref');
bodyCase('ref a number', (b) => void (b.ref = 12345), 'body.ref');
bodyCase('ref with spaces', (b) => void (b.ref = 'has spaces'), 'body.ref');
bodyCase('ref of 65 characters', (b) => void (b.ref = `R${'x'.repeat(64)}`), 'body.ref');
bodyCase('terms missing', (b) => void delete b.terms, 'body.terms');
bodyCase('terms a string', (b) => void (b.terms = 'pooled'), 'body.terms');
bodyCase('no partners', (b) => void (terms(b).partners = []), 'body.terms.partners');
bodyCase('partners missing', (b) => void delete terms(b).partners, 'body.terms.partners');
bodyCase('partner kind unknown', (b) => void (partner0(b).kind = 'hospital'), 'body.terms.partners.0.kind');
bodyCase(
  'partner email invalid',
  (b) => void (partner0(b).contactOfficer = { name: 'X', email: 'not-an-email' }),
  'body.terms.partners.0.contactOfficer.email',
);
bodyCase('partner id missing', (b) => void delete partner0(b).id, 'body.terms.partners.0.id');
bodyCase('partner name empty', (b) => void (partner0(b).name = ''), 'body.terms.partners.0.name');
bodyCase('type unknown', (b) => void (terms(b).types = ['jointVenture']), 'body.terms.types.0');
bodyCase('types empty', (b) => void (terms(b).types = []), 'body.terms.types');
bodyCase('startDate in the wrong format', (b) => void (terms(b).startDate = '01/04/2031'), 'body.terms.startDate');
bodyCase('startDate impossible', (b) => void (terms(b).startDate = '2031-02-30'), 'body.terms.startDate');
bodyCase(
  'startDate in the past (notification precedes use, HSC 1, 11)',
  (b) => void (terms(b).startDate = '2020-04-01'),
  'body.terms.startDate',
);
bodyCase('endDate a number', (b) => void (terms(b).endDate = 20340331), 'body.terms.endDate');
bodyCase('reviewDate missing', (b) => void delete terms(b).reviewDate, 'body.terms.reviewDate');
bodyCase('reviewDate a date-time', (b) => void (terms(b).reviewDate = '2032-09-30T00:00:00Z'), 'body.terms.reviewDate');
bodyCase('notice days negative', (b) => void (terms(b).terminationNoticeDays = -1), 'body.terms.terminationNoticeDays');
bodyCase('notice days a string', (b) => void (terms(b).terminationNoticeDays = '90'), 'body.terms.terminationNoticeDays');
bodyCase('notice days fractional', (b) => void (terms(b).terminationNoticeDays = 1.5), 'body.terms.terminationNoticeDays');
bodyCase('gate unknown', (b) => void (terms(b).regionalOfficeGate = 'rubberStamp'), 'body.terms.regionalOfficeGate');
bodyCase('regional office region missing', (b) => void delete terms(b).regionalOffice.region, 'body.terms.regionalOffice.region');
bodyCase(
  'contribution negative',
  (b) => void (terms(b).pooledFund.contributions[0].amountPence = -5),
  'body.terms.pooledFund.contributions.0.amountPence',
);
bodyCase(
  'contribution kind unknown',
  (b) => void (terms(b).pooledFund.contributions[0].kind = 'loan'),
  'body.terms.pooledFund.contributions.0.kind',
);
bodyCase(
  'financial year a string',
  (b) => void (terms(b).pooledFund.contributions[0].financialYear = '2031'),
  'body.terms.pooledFund.contributions.0.financialYear',
);
bodyCase(
  'delegation mode unknown',
  (b) => void (terms(b).delegations = [{ delegatorId: 'a', delegateId: 'b', mode: 'outsourcing', functionIds: ['x'] }]),
  'body.terms.delegations.0.mode',
);
bodyCase(
  'delegation without functions',
  (b) => void (terms(b).delegations = [{ delegatorId: 'a', delegateId: 'b', mode: 'provision', functionIds: [] }]),
  'body.terms.delegations.0.functionIds',
);
bodyCase('client groups empty', (b) => void (terms(b).clientGroups = []), 'body.terms.clientGroups');
bodyCase('function id empty', (b) => void (terms(b).functionIds = ['']), 'body.terms.functionIds.0');
bodyCase('consultee contact missing', (b) => void (terms(b).consultees = [{ group: 'carers' }]), 'body.terms.consultees.0.contact');
bodyCase('unknown top-level field', (b) => void (b.createdBy = { id: 'mallory' }), 'body.createdBy');
bodyCase('policy consultation weeks zero', (b) => void (b.policy = { consultationWeeks: 0 }), 'body.policy.consultationWeeks');
bodyCase(
  'policy bank holiday impossible',
  (b) => void (b.policy = { bankHolidays: { additional: ['2031-13-01'], removed: [] } }),
  'body.policy.bankHolidays.additional.0',
);
// Issue 10: bounds that keep the system alive (each answered 500, or was accepted and broke the arrangement later).
bodyCase(
  'regional office region of 3,000 characters',
  (b) => void (terms(b).regionalOffice.region = 'r'.repeat(3000)),
  'body.terms.regionalOffice.region',
);
bodyCase('partner id of 2,100 characters', (b) => void (partner0(b).id = 'p'.repeat(2100)), 'body.terms.partners.0.id');
bodyCase('partner region of 3,000 characters', (b) => void (partner0(b).region = 'r'.repeat(3000)), 'body.terms.partners.0.region');
bodyCase('policy consultation weeks 500,000', (b) => void (b.policy = { consultationWeeks: 500_000 }), 'body.policy.consultationWeeks');
bodyCase('notice days 3,000,000', (b) => void (terms(b).terminationNoticeDays = 3_000_000), 'body.terms.terminationNoticeDays');
bodyCase(
  'policy annual report due 31 June',
  (b) => void (b.policy = { annualReportDue: { month: 6, day: 31 } }),
  'body.policy.annualReportDue.day',
);
bodyCase(
  'policy annual return due before its financial year ends',
  (b) => void (b.policy = { annualReturnDue: { month: 1, day: 31 } }),
  'body.policy.annualReturnDue.month',
);
bodyCase('endDate beyond the horizon', (b) => void (terms(b).endDate = '2100-03-31'), 'body.terms.endDate');
bodyCase('startDate before SI 2000/617', (b) => void (terms(b).startDate = '1999-04-01'), 'body.terms.startDate');
bodyCase(
  '21 partners',
  (b) => void (terms(b).partners = Array.from({ length: 21 }, (_, n) => ({ ...partner0(b), id: `p${n}` }))),
  'body.terms.partners',
);
bodyCase('an aim of 4,001 characters', (b) => void (terms(b).aims = ['a'.repeat(4001)]), 'body.terms.aims.0');
// Issue 10: unknown fields inside nested objects are refused by name, never dropped.
bodyCase('unknown field inside terms', (b) => void (terms(b).colour = 'blue'), 'body.terms.colour');
bodyCase('unknown field inside a partner', (b) => void (partner0(b).nickname = 'HA'), 'body.terms.partners.0.nickname');
bodyCase(
  'unknown field inside a contribution',
  (b) => void (terms(b).pooledFund.contributions[0].note = 'x'),
  'body.terms.pooledFund.contributions.0.note',
);
bodyCase(
  'unknown field inside a contact',
  (b) => void (partner0(b).chiefOfficer.phone = '01234'),
  'body.terms.partners.0.chiefOfficer.phone',
);
bodyCase('unknown field inside the policy', (b) => void (b.policy = { consultationDays: 5 }), 'body.policy.consultationDays');

const rawCreateCases: [string, { body: string; headers?: Record<string, string> }, number, string][] = [
  ['body an array', { body: '[]' }, 400, 'body'],
  ['body JSON null', { body: 'null' }, 400, 'body'],
  ['body broken JSON', { body: '{"ref": "A",' }, 400, 'body'],
  ['body as text/plain', { body: '{"ref":"A"}', headers: { 'content-type': 'text/plain' } }, 415, 'header.content-type'],
  ['body as a form', { body: 'ref=A', headers: { 'content-type': 'application/x-www-form-urlencoded' } }, 415, 'header.content-type'],
  ['body larger than the limit', { body: JSON.stringify({ ref: 'BIG', pad: 'x'.repeat(300 * 1024) }) }, 413, 'body'],
  ['Idempotency-Key with spaces', { body: '{}', headers: { 'idempotency-key': 'has spaces' } }, 400, 'header.idempotency-key'],
];

const actionCases: [string, string, unknown, string][] = [
  ['unknown field', 'submitProposal', { hurry: true }, 'body.hurry'],
  ['type smuggled in the body', 'submitProposal', { type: 'approve' }, 'body.type'],
  ['actor smuggled in the body', 'submitProposal', { actor: { id: 'mallory', role: 'administrator' } }, 'body.actor'],
  ['summary a number', 'recordConsultationResponse', { group: 'carers', summary: 5 }, 'body.summary'],
  ['group missing', 'recordConsultationResponse', { summary: 'ok' }, 'body.group'],
  ['himpRef missing', 'recordHimpCheck', { objectives: ['x'], finding: 'consistent' }, 'body.himpRef'],
  ['finding missing', 'recordHimpCheck', { himpRef: 'H', objectives: ['x'] }, 'body.finding'],
  ['objectives empty', 'recordHimpCheck', { himpRef: 'H', objectives: [], finding: 'consistent' }, 'body.objectives'],
  ['decision unknown', 'decideVariation', { decision: 'maybe' }, 'body.decision'],
  ['checklist item unknown', 'markChecklistItem', { itemId: 'PF-Z' }, 'body.itemId'],
  ['present a string', 'markChecklistItem', { itemId: 'PF-A', present: 'yes' }, 'body.present'],
  ['quarter 5', 'fileQuarterlyReport', { period: '2031Q5' }, 'body.period'],
  ['financial year a string', 'fileAnnualReport', { financialYear: '2031' }, 'body.financialYear'],
  ['next review date impossible', 'completeReview', { outcome: 'continue', nextReviewDate: '2031-13-01' }, 'body.nextReviewDate'],
  ['review outcome missing', 'completeReview', { nextReviewDate: '2033-01-01' }, 'body.outcome'],
  ['refusal reason empty', 'refuse', { reason: '' }, 'body.reason'],
  ['wind-up item unknown', 'completeWindUpItem', { itemId: 'party' }, 'body.itemId'],
  ['body an array', 'submitProposal', [], 'body'],
  ['financial year 1,000,000,000', 'fileAnnualReport', { financialYear: 1_000_000_000 }, 'body.financialYear'],
  ['quarter of year 9999', 'fileQuarterlyReport', { period: '9999Q1' }, 'body.period'],
  ['next review date beyond the horizon', 'completeReview', { outcome: 'continue', nextReviewDate: '2100-01-01' }, 'body.nextReviewDate'],
  ['reason of 4,001 characters', 'refuse', { reason: 'x'.repeat(4001) }, 'body.reason'],
  ['trust id of 2,043 characters', 'grantConsent', { trustId: 't'.repeat(2043), healthAuthorityId: 'ha' }, 'body.trustId'],
  [
    'variation adding a partner with a 2,043-character id',
    'proposeVariation',
    { terms: { ...futureTerms(), partners: [...futureTerms().partners, { ...futureTerms().partners[1], id: 'x'.repeat(2043) }] } },
    'body.terms.partners.4.id',
  ],
  [
    'variation with an unknown field inside a partner',
    'proposeVariation',
    { terms: { ...futureTerms(), partners: futureTerms().partners.map((p, i) => (i === 0 ? { ...p, nickname: 'HA' } : p)) } },
    'body.terms.partners.0.nickname',
  ],
];

const queryCases: [string, string, string][] = [
  ['status unknown', '/arrangements?status=sleeping', 'query.status'],
  ['type unknown', '/arrangements?type=jointVenture', 'query.type'],
  ['page size zero', '/arrangements?pageSize=0', 'query.pageSize'],
  ['page size a word', '/arrangements?pageSize=ten', 'query.pageSize'],
  ['page size too large', '/arrangements?pageSize=1000', 'query.pageSize'],
  ['deadlineBefore not a date', '/arrangements?deadlineBefore=tomorrow', 'query.deadlineBefore'],
  [
    'deadline window backwards (after is past before)',
    '/arrangements?deadlineAfter=2031-01-01&deadlineBefore=2030-01-01',
    'query.deadlineAfter',
  ],
  ['unknown filter', '/arrangements?colour=blue', 'query.colour'],
  ['region with a quote', `/arrangements?region=${encodeURIComponent("north' OR 1=1")}`, 'query.region'],
  ['page token garbage', '/arrangements?pageToken=***', 'query.pageToken'],
  ['deadlines before impossible', '/deadlines?before=2031-02-30', 'query.before'],
  ['deadlines window backwards', '/deadlines?after=2031-01-01&before=2030-01-01', 'query.after'],
  ['ref with a space', '/arrangements/bad%20ref', 'params.ref'],
  ['deadlines after before the regime', '/deadlines?after=1990-01-01', 'query.after'],
  ['deadline filter beyond the horizon', '/arrangements?deadlineBefore=2200-01-01', 'query.deadlineBefore'],
  ['page token of 5,000 characters', `/arrangements?pageToken=${'A'.repeat(5000)}`, 'query.pageToken'],
];

function expectActionable(res: ApiResponse, status: number, path: string): void {
  expect(res.status).toBe(status);
  expect(res.body).toEqual(expect.objectContaining({ error: expect.any(String), message: expect.any(String), details: expect.any(Array) }));
  const paths = (res.body.details ?? []).map((d) => d.path);
  expect(paths.some((p) => p === path || p.startsWith(`${path}.`) || (path.endsWith('.') && p.startsWith(path)))).toBe(true);
}

test('the suite has at least 50 malformed requests', () => {
  expect(createCases.length + rawCreateCases.length + actionCases.length + queryCases.length).toBeGreaterThanOrEqual(50);
});

describe('creating with a malformed body', () => {
  test.each(createCases)('when %s, then 4xx names the field and no workflow starts', async (_name, mutate, status, path) => {
    const ref = uniqueRef('BAD');
    // A deep copy: the cases mutate nested objects that the shared fixtures would otherwise keep.
    const body = structuredClone(createBody(ref)) as unknown as Json;
    mutate(body);
    const res = await call(live.api, 'POST', '/arrangements', { token, body });
    expectActionable(res, status, path);
    expect(await live.workflowExists(ref)).toBe(false);
  });

  test.each(rawCreateCases)('when %s, then 4xx names where and no workflow starts', async (_name, request, status, path) => {
    const res = await call(live.api, 'POST', '/arrangements', {
      token,
      body: request.body,
      headers: { 'content-type': 'application/json', ...request.headers },
    });
    expectActionable(res, status, path);
    expect(await live.workflowExists('A')).toBe(false);
    expect(await live.workflowExists('BIG')).toBe(false);
  });
});

describe('acting with a malformed body', () => {
  test.each(actionCases)('when %s, then 400 names the field and the state is unchanged', async (_name, type, body, path) => {
    const before = await call(live.api, 'GET', `/arrangements/${existing}?consistent=true`, { token });
    const res = await call(live.api, 'POST', `/arrangements/${existing}/${type}`, { token, body });
    expectActionable(res, 400, path);
    const after = await call(live.api, 'GET', `/arrangements/${existing}?consistent=true`, { token });
    expect(after.body.version).toBe(before.body.version);
    expect(after.body.audit).toHaveLength(before.body.audit!.length);
  });
});

describe('reading with malformed parameters', () => {
  test.each(queryCases)('when %s, then 400 names the parameter', async (_name, path, field) => {
    expectActionable(await call(live.api, 'GET', path, { token }), 400, field);
  });
});
