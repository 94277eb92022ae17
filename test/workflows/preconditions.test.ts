/**
 * The parallel preconditions (C2 HImP check, C4 improvement attestations, C6 HA consent) of the
 * pooled-fund fixture in 2040/41, on the time-skipping server. The fixture's NHS trust holds an NHS
 * contract with Northshire HA for the arrangement's client group, so it needs that HA's consent
 * (SI 2000/617 reg 7(2)). Preconditions open on 2 Jan 2040 at 12:00.
 */
import type { Command } from '../../domain';
import { commandsToReachReady, officerOf, PARTNERS, type ScriptStep } from '../domain/fixtures';
import {
  act,
  actAll,
  recordingActivities,
  refusalOf,
  sentFor,
  stateOf,
  stepsBefore,
  stepsFrom,
  termsForFinancialYear,
  timeSkippingEnvPerTest,
  withArrangement,
} from '../helpers/arrangements';
import { skipTo } from '../helpers/temporal';
import { whyWaitingQuery } from '../../workflows/contract';

const env = timeSkippingEnvPerTest('2040-01-02T12:00');
const terms = termsForFinancialYear(2040);
const script = commandsToReachReady(terms);
/** Submission, consultation and every partner's consideration: the arrangement is then preconditionsPending. */
const toPreconditions = stepsBefore(script, 'recordHimpCheck');
const himpCheck = stepsFrom(script, 'recordHimpCheck', 'attestImprovement');
const attestations = stepsFrom(script, 'attestImprovement', 'grantConsent');
const consentOfHa: ScriptStep = {
  command: { type: 'grantConsent', trustId: PARTNERS.trust.id, healthAuthorityId: PARTNERS.ha.id },
  actor: officerOf(PARTNERS.ha.id),
};
const partnerNames = terms.partners.map((p) => p.name);
const consentObligation = `haConsent:${PARTNERS.trust.id}:${PARTNERS.ha.id}`;

describe('preconditions (time-skipping server)', () => {
  test('when the HA consent, the attestations and the HImP check arrive in reverse order, then the agreement is drafted only once the last is in', async () => {
    await withArrangement(env(), recordingActivities(), terms, async ({ handle }) => {
      await actAll(handle, toPreconditions);
      expect(await handle.query(whyWaitingQuery)).toMatchObject({
        status: 'preconditionsPending',
        blockingCondition: 'Waiting for the HImP check, improvement attestations, Health Authority consents.',
        whoMustAct: [...partnerNames, PARTNERS.ha.id],
        // 28 days from 2 Jan 2040 (haConsentChaseDays).
        nextDeadline: { obligationId: consentObligation, dueDate: '2040-01-30' },
      });

      expect((await act(handle, consentOfHa)).status).toBe('preconditionsPending');
      expect((await handle.query(whyWaitingQuery)).blockingCondition).toBe('Waiting for the HImP check, improvement attestations.');

      for (const step of [...attestations].reverse()) expect((await act(handle, step)).status).toBe('preconditionsPending');
      expect(await handle.query(whyWaitingQuery)).toMatchObject({
        blockingCondition: 'Waiting for the HImP check.',
        whoMustAct: partnerNames,
      });

      expect((await actAll(handle, himpCheck))?.status).toBe('agreementDrafting');
      const state = await stateOf(handle);
      expect(state.audit.slice(-2).map((a) => [a.action, a.actorId])).toEqual([
        ['recordHimpCheck', officerOf(PARTNERS.ha.id).id],
        ['preconditionsMet', 'system'],
      ]);
      expect(state.preconditions?.attestations.map((a) => a.partnerId).sort()).toEqual(terms.partners.map((p) => p.id).sort());
      expect(state.preconditions?.consents).toEqual([
        expect.objectContaining({ trustId: PARTNERS.trust.id, healthAuthorityId: PARTNERS.ha.id, status: 'granted' }),
      ]);
      expect(state.obligations.find((o) => o.id === consentObligation)?.status).toBe('done');
    });
  });

  test('when the Health Authority refuses consent with reasons, then the arrangement is eligibilityFailed, the reasons are on record and the chase stops', async () => {
    const activities = recordingActivities();
    await withArrangement(env(), activities, terms, async ({ handle, ref }) => {
      await actAll(handle, toPreconditions);
      const refusal = { type: 'refuseConsent' as const, trustId: PARTNERS.trust.id, healthAuthorityId: PARTNERS.ha.id };

      // Reasons are required for a refusal (reg 7(2), 9(2)); the domain re-checks what the API's schema would.
      expect(await refusalOf(act(handle, { command: refusal as Command, actor: officerOf(PARTNERS.ha.id) }))).toMatchObject({
        type: 'reasonRequired',
        citation: expect.stringContaining('SI 2000/617 reg 7(2)'),
      });
      expect((await stateOf(handle)).status).toBe('preconditionsPending');

      const reason = 'The HA is re-tendering its learning disability contract';
      expect((await act(handle, { command: { ...refusal, reason }, actor: officerOf(PARTNERS.ha.id) })).status).toBe('eligibilityFailed');
      const state = await stateOf(handle);
      expect(state.proposal.refusals).toEqual([
        { code: 'consentRefused', message: expect.stringContaining(reason), citation: expect.stringContaining('SI 2000/617 reg 7(2)') },
      ]);
      expect(state.audit.at(-1)).toMatchObject({
        action: 'refuseConsent',
        actorId: officerOf(PARTNERS.ha.id).id,
        reason,
        details: { trustId: PARTNERS.trust.id, healthAuthorityId: PARTNERS.ha.id },
      });
      // The HA has answered, so its consent is no longer chased.
      expect(state.obligations.find((o) => o.id === consentObligation)?.status).toBe('done');
      expect((await handle.query(whyWaitingQuery)).blockingCondition).toContain(reason);

      // The chase ladder (R0 on 16 Jan ... E3 on 29 Feb) never starts once the HA has answered.
      await skipTo(env(), '2040-03-05');
      expect(sentFor(activities.sent, ref).filter((s) => s.key.startsWith('haConsent:'))).toEqual([]);
    });
  });

  test('when the HA consent is slow, then the chase climbs the ladder on its dates and stops once consent is granted', async () => {
    const activities = recordingActivities();
    await withArrangement(env(), activities, terms, async ({ handle, ref }) => {
      await actAll(handle, [...toPreconditions, ...himpCheck, ...attestations]);
      expect(await handle.query(whyWaitingQuery)).toMatchObject({
        blockingCondition: 'Waiting for Health Authority consents.',
        whoMustAct: [PARTNERS.ha.id],
      });

      // Due 30 Jan 2040. Ladder: R0 -14 = 16 Jan, R1 -3 = 27 Jan, D0 = 30 Jan, E1 +1 = 31 Jan,
      // E2 +14 = 13 Feb, E3 +30 = 29 Feb (2040 is a leap year). Consent arrives on 14 Feb, between E2 and E3.
      await skipTo(env(), '2040-02-14T12:00');
      expect((await act(handle, consentOfHa)).status).toBe('agreementDrafting');
      await skipTo(env(), '2040-03-05');

      const trust = PARTNERS.trust.contactOfficer.email;
      const chiefs = terms.partners.map((p) => p.chiefOfficer.email);
      expect(sentFor(activities.sent, ref).filter((s) => s.key.startsWith('haConsent:'))).toEqual([
        { key: `${consentObligation}:R0`, kind: 'reminder', step: 'R0', on: '2040-01-16', to: [trust] },
        { key: `${consentObligation}:R1`, kind: 'reminder', step: 'R1', on: '2040-01-27', to: [trust] },
        { key: `${consentObligation}:D0`, kind: 'dueToday', step: 'D0', on: '2040-01-30', to: [trust] },
        // The trust's line officer is its own contact officer, so E1 goes to the same person once.
        { key: `${consentObligation}:E1`, kind: 'overdue', step: 'E1', on: '2040-01-31', to: [trust] },
        { key: `${consentObligation}:E2`, kind: 'overdue', step: 'E2', on: '2040-02-13', to: [trust, ...chiefs] },
      ]);
    });
  });
});
