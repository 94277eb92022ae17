/**
 * A pooled fund added by a variation two years into a lead-commissioning arrangement (issue 12 §1),
 * on the time-skipping server: the workflow adopts the re-derivation rule behind its `patched()` guard,
 * so the pool's returns begin with the year the variation takes effect, and no escalation goes out for
 * the years before any pool existed. The same case, with 2001 and 2003, is asserted in
 * test/domain/variation-rederivation.test.ts; the time-skipping server cannot go back before today, so
 * this one runs 2041 to 2044 (set-up on 2 Jan 2041 at 12:00).
 */
import type { ArrangementTerms } from '../../domain';
import { officerOf, PARTNERS, RO_OFFICER } from '../domain/fixtures';
import {
  act,
  leadCommissioningTermsForFinancialYear,
  recordingActivities,
  runUntilActive,
  sentFor,
  stateOf,
  timeSkippingEnvPerTest,
  withArrangement,
} from '../helpers/arrangements';
import { recordHistoryFixture } from '../helpers/history-fixtures';
import { skipTo } from '../helpers/temporal';

const env = timeSkippingEnvPerTest('2041-01-02T12:00');
const terms = leadCommissioningTermsForFinancialYear(2041);
const withPool: ArrangementTerms = {
  ...terms,
  types: [...terms.types, 'pooledFund'],
  pooledFund: {
    hostPartnerId: PARTNERS.county.id,
    poolManager: PARTNERS.county.contactOfficer,
    contributions: [
      { partnerId: PARTNERS.pct.id, financialYear: 2043, amountPence: 250_000_00, kind: 'revenue' },
      { partnerId: PARTNERS.county.id, financialYear: 2043, amountPence: 450_000_00, kind: 'revenue' },
    ],
  },
};

test('when a variation adds a pooled fund in the third year, then its return and audit certification start with that year and nothing about earlier years is sent', async () => {
  const activities = recordingActivities();
  await withArrangement(env(), activities, terms, async (arrangement) => {
    const { handle, ref } = arrangement;
    await runUntilActive(env(), arrangement);
    await skipTo(env(), '2043-05-01T12:00');
    await act(handle, {
      command: { type: 'proposeVariation', terms: withPool, reason: 'Pool the budget from 2043/44' },
      actor: officerOf(PARTNERS.county.id),
    });
    await skipTo(env(), '2043-05-12T12:00');
    expect(await act(handle, { command: { type: 'decideVariation', decision: 'approve' }, actor: RO_OFFICER })).toMatchObject({
      version: 1,
    });
    // The varied agreement takes effect on 12 May 2043, when the last partner signs it.
    await act(handle, { command: { type: 'signVariation' }, actor: officerOf(PARTNERS.pct.id) });
    expect(await act(handle, { command: { type: 'signVariation' }, actor: officerOf(PARTNERS.county.id) })).toMatchObject({ version: 2 });

    const state = await stateOf(handle);
    expect(state.variationRederivation).toBe('fromEffectiveDate');
    expect(
      state.obligations.filter((o) => o.kind === 'annualReturn' || o.kind === 'auditCertification').map((o) => [o.id, o.dueDate, o.status]),
    ).toEqual([
      ['annualReturn:2043', '2044-06-30', 'open'],
      ['auditCertification:2043', '2044-09-30', 'open'],
    ]);
    await skipTo(env(), '2043-05-20T12:00');
    const poolMail = sentFor(activities.sent, ref).filter(
      (s) => s.key.startsWith('annualReturn:') || s.key.startsWith('auditCertification:'),
    );
    expect(poolMail).toEqual([]);
    await recordHistoryFixture(handle, 'variation-rederived');
  });
});
