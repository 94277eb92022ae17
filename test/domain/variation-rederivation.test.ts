/**
 * Obligations re-derived when varied terms take effect (issue 12 §1): from the varied terms, for the
 * periods from the variation's effective date only; what was met stays met, what no longer applies is
 * cancelled with its reminders, and nothing is created for a period the old terms governed.
 */
import {
  decide,
  diffTerms,
  termsVersions,
  tick,
  type ArrangementState,
  type ArrangementTerms,
  type Command,
  type Actor,
} from '../../domain';
import { at, driveToActive, officerOf, PARTNERS, RO_OFFICER, validLeadCommissioningTerms } from './fixtures';

const county = officerOf(PARTNERS.county.id);
const pct = officerOf(PARTNERS.pct.id);
/** The lead-commissioning fixture: Riverside PCT delegates to Northshire CC, 1 Apr 2001 to 31 Mar 2004, RO approves. */
const lead = validLeadCommissioningTerms();

/** The same arrangement with a pooled fund hosted by the council from 2003/04. */
const withPool: ArrangementTerms = {
  ...lead,
  types: [...lead.types, 'pooledFund'],
  pooledFund: {
    hostPartnerId: PARTNERS.county.id,
    poolManager: PARTNERS.county.contactOfficer,
    contributions: [
      { partnerId: PARTNERS.pct.id, financialYear: 2003, amountPence: 250_000_00, kind: 'revenue' },
      { partnerId: PARTNERS.county.id, financialYear: 2003, amountPence: 450_000_00, kind: 'revenue' },
    ],
  },
};

function accept(state: ArrangementState, command: Command, actor: Actor, now: number): ArrangementState {
  const decision = decide(state, command, actor, now);
  if (!decision.ok) throw new Error(`${command.type} refused: ${decision.refusal.code} ${decision.refusal.message}`);
  return decision.state;
}

/** Active since 1 Apr 2001, ticked to `date`, under the rule the workflow adopts behind its patch (or the one before). */
function runningOn(date: string, rule: 'fromEffectiveDate' | 'before' = 'fromEffectiveDate'): ArrangementState {
  const state = tick(driveToActive(lead), at(date)).state;
  return rule === 'fromEffectiveDate' ? { ...state, variationRederivation: 'fromEffectiveDate' } : state;
}

const poolObligations = (state: ArrangementState) =>
  state.obligations.filter((o) => o.kind === 'annualReturn' || o.kind === 'auditCertification').map((o) => [o.id, o.dueDate, o.status]);

describe('re-derivation of obligations when a variation takes effect', () => {
  test('when a pooled fund is added in 2003 to a lead-commissioning arrangement started in 2001, then its returns start with 2003/04 and nothing is overdue at once', () => {
    let state = runningOn('2003-05-01');
    expect(state.reports.plannedFinancialYears).toEqual([2001, 2002, 2003]);
    // The 2002/03 annual report was filed under the old terms; it stays met.
    state = accept(state, { type: 'fileAnnualReport', financialYear: 2002 }, county, at('2003-05-01') + 3_600_000);
    state = accept(
      state,
      { type: 'proposeVariation', terms: withPool, reason: 'Pool the budget from 2003/04' },
      county,
      at('2003-05-01') + 7_200_000,
    );
    expect(state.variation?.classification).toMatchObject({
      materiality: 'material',
      reasons: ['poolSizeChanged', 'arrangementTypesChanged'],
    });
    // The Regional Office approves on Monday 12 May 2003: the pool is in force from that day.
    const approvedAt = at('2003-05-12') + 10 * 3_600_000;
    state = accept(state, { type: 'decideVariation', decision: 'approve' }, RO_OFFICER, approvedAt);

    expect(state.version).toBe(2);
    expect(state.terms.pooledFund?.hostPartnerId).toBe(PARTNERS.county.id);
    // 2001/02 and 2002/03 ended before any pool existed: no return, no audit certification for them.
    expect(poolObligations(state)).toEqual([
      ['annualReturn:2003', '2004-06-30', 'open'],
      ['auditCertification:2003', '2004-09-30', 'open'],
    ]);
    expect(state.obligations.find((o) => o.id === 'annualReturn:2003')).toMatchObject({
      createdAt: approvedAt,
      responsibleRole: 'poolManager',
    });
    expect(state.obligations.find((o) => o.id === 'annualReport:2002')?.status).toBe('done');
    // No escalation goes out for a pool year that never was.
    const next = tick(state, approvedAt + 60_000);
    const keys = next.effects.flatMap((e) => (e.kind === 'notify' ? [e.notification.key] : []));
    expect(keys.filter((k) => k.includes('annualReturn') || k.includes('auditCertification'))).toEqual([]);
  });

  test('when the same variation is applied under the rule from before the patch, then it still re-plans every year (histories replay unchanged)', () => {
    let state = runningOn('2003-05-01', 'before');
    state = accept(state, { type: 'proposeVariation', terms: withPool }, county, at('2003-05-01') + 7_200_000);
    state = accept(state, { type: 'decideVariation', decision: 'approve' }, RO_OFFICER, at('2003-05-12') + 10 * 3_600_000);
    expect(poolObligations(state).map(([id]) => id)).toEqual(expect.arrayContaining(['annualReturn:2001', 'annualReturn:2002']));
  });

  test('when a variation brings the end date forward, then the quarters that begin after it takes effect and fall outside the varied term are cancelled, and the rest stay', () => {
    let state = runningOn('2003-05-01');
    const shorter = { ...lead, endDate: '2003-09-30', reviewDate: '2003-08-31' };
    state = accept(
      state,
      { type: 'proposeVariation', terms: shorter, reason: 'Services move to a Care Trust' },
      county,
      at('2003-05-01') + 7_200_000,
    );
    expect(state.variation?.classification.materiality).toBe('minor');
    const decidedAt = at('2003-05-12') + 10 * 3_600_000;
    state = accept(state, { type: 'decideVariation', decision: 'approve' }, pct, decidedAt);
    const status = (id: string) => state.obligations.find((o) => o.id === id)?.status;
    expect(['2003Q1', '2003Q2', '2003Q3', '2003Q4'].map((q) => [q, status(`quarterlyReport:${q}`)])).toEqual([
      ['2003Q1', 'open'],
      ['2003Q2', 'open'],
      ['2003Q3', 'cancelled'],
      ['2003Q4', 'cancelled'],
    ]);
    expect(status('annualReport:2003')).toBe('open');
    expect(state.obligations.find((o) => o.id === 'quarterlyReport:2003Q3')?.cancelledAt).toBe(decidedAt);
    // Its reminders go with it: none is produced for a cancelled quarter, however late.
    const later = tick(state, at('2004-02-01'));
    expect(later.effects.flatMap((e) => (e.kind === 'notify' ? [e.notification.key] : [])).filter((k) => /2003Q[34]/.test(k))).toEqual([]);
  });
});

describe('lineage of the terms', () => {
  test('when a variation takes effect, then each version is kept with its effective date, its diff, its classification and who authorised it', () => {
    let state = runningOn('2003-05-01');
    expect(termsVersions(state)).toEqual([expect.objectContaining({ n: 1, effectiveDate: '2001-04-01', changes: [], terms: lead })]);
    expect(termsVersions(state)[0]?.decisions.map((d) => d.action)).toEqual(expect.arrayContaining(['signAgreement', 'approve']));
    state = accept(state, { type: 'proposeVariation', terms: withPool, reason: 'Pool the budget' }, county, at('2003-05-01') + 7_200_000);
    // The proposal's audit entry holds what it changes, not the whole terms.
    expect(state.audit.at(-1)?.details?.changes).toEqual([
      { path: 'types.1', new: 'pooledFund' },
      { path: 'pooledFund', new: withPool.pooledFund },
    ]);
    const approvedAt = at('2003-05-12') + 10 * 3_600_000;
    state = accept(state, { type: 'decideVariation', decision: 'approve' }, RO_OFFICER, approvedAt);
    const versions = termsVersions(state);
    expect(versions.map((v) => [v.n, v.effectiveDate])).toEqual([
      [1, '2001-04-01'],
      [2, '2003-05-12'],
    ]);
    expect(versions[1]).toMatchObject({
      variationId: 'variation1',
      terms: withPool,
      changes: [
        { path: 'types.1', new: 'pooledFund' },
        { path: 'pooledFund', new: withPool.pooledFund },
      ],
      classification: {
        materiality: 'material',
        reasons: ['the size of the pooled fund changes', 'the arrangement types or delegations change'],
      },
      decisions: [
        {
          action: 'proposeVariation',
          actorId: county.id,
          role: 'partnerOfficer',
          organisationId: PARTNERS.county.id,
          at: at('2003-05-01') + 7_200_000,
        },
        { action: 'decideVariation', actorId: RO_OFFICER.id, role: 'regionalOfficeOfficer', at: approvedAt },
      ],
    });
  });

  test('when a field changes, then the diff names its path with the old and new values', () => {
    expect(diffTerms({ a: 1, b: { c: [1, 2] } }, { a: 1, b: { c: [1, 3] }, d: 'x' })).toEqual([
      { path: 'b.c.1', old: 2, new: 3 },
      { path: 'd', new: 'x' },
    ]);
  });
});

describe('a variation proposed as a JSON Merge Patch, and withdrawn by its proposer', () => {
  const proposedAt = at('2003-05-01') + 7_200_000;

  test('when a patch adds a pooled fund, then the pending variation holds the patched terms and the audit the changes', () => {
    const state = accept(
      runningOn('2003-05-01'),
      { type: 'proposeVariation', patch: { types: withPool.types, pooledFund: withPool.pooledFund } },
      county,
      proposedAt,
    );
    expect(state.variation?.terms).toEqual(withPool);
    expect(state.variation?.classification.materiality).toBe('material');
    expect(state.audit.at(-1)?.details).toEqual({
      patch: { types: withPool.types, pooledFund: withPool.pooledFund },
      changes: [
        { path: 'types.1', new: 'pooledFund' },
        { path: 'pooledFund', new: withPool.pooledFund },
      ],
    });
  });

  test.each<[string, Record<string, unknown>, string, (string | number)[]]>([
    ['a patch makes the terms invalid', { aims: [] }, 'invalidCommand', ['patch', 'aims']],
    ['a patch removes a required field', { endDate: null }, 'invalidCommand', ['patch', 'endDate']],
    ['a patch changes nothing', { aims: lead.aims }, 'variationChangesNothing', []],
    ['a patch moves the start date', { startDate: '2003-06-01' }, 'startDateFixed', ['terms', 'startDate']],
  ])('when %s, then it is refused and nothing changes', (_, patch, code, path) => {
    const before = runningOn('2003-05-01');
    const decision = decide(before, { type: 'proposeVariation', patch }, county, proposedAt);
    expect(decision.ok).toBe(false);
    if (decision.ok) return;
    expect(decision.refusal.code).toBe(code);
    expect(decision.refusal.path ?? []).toEqual(path);
  });

  test('when both the whole terms and a patch are sent, then it is refused naming patch', () => {
    const decision = decide(
      runningOn('2003-05-01'),
      { type: 'proposeVariation', terms: withPool, patch: { aims: ['x'] } },
      county,
      proposedAt,
    );
    expect(decision).toMatchObject({ ok: false, refusal: { code: 'invalidCommand', path: ['patch'] } });
  });

  test('when the proposer withdraws its pending variation, then it is dropped with its obligations and the old terms stay; another partner cannot', () => {
    const pending = accept(runningOn('2003-05-01'), { type: 'proposeVariation', patch: { aims: ['Shorter waits'] } }, county, proposedAt);
    expect(decide(pending, { type: 'withdrawVariation' }, pct, proposedAt + 60_000)).toMatchObject({
      ok: false,
      refusal: { code: 'notTheProposer' },
    });
    const withdrawn = decide(pending, { type: 'withdrawVariation', reason: 'Raised too early' }, county, proposedAt + 60_000);
    if (!withdrawn.ok) throw new Error(withdrawn.refusal.message);
    expect(withdrawn.state.variation).toBeUndefined();
    expect(withdrawn.state.terms).toEqual(lead);
    expect(withdrawn.state.version).toBe(1);
    expect(withdrawn.state.audit.at(-1)).toMatchObject({
      action: 'variationDropped',
      details: { variationId: 'variation1', why: 'withdrawn' },
    });
    expect(withdrawn.effects).toEqual([
      expect.objectContaining({
        kind: 'notify',
        notification: expect.objectContaining({ summary: expect.stringContaining('withdrawn by its proposer') }),
      }),
    ]);
  });
});
