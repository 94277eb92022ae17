/**
 * A variation that adds a client group (EN 239: material) on the time-skipping server. Newly affected
 * people are jointly consulted first (HSC 2000/010 para 3, inferred), the trust needs the consent of the
 * HA that contracts with it for the new group (reg 7(2)), and the terms in force do not change until the
 * Regional Office acknowledges the variation (notify-and-acknowledge gate, HSC 11), within its working-day
 * target, and every partner has signed the varied agreement (issue 12 §1). Pooled-fund fixture
 * of 2040/41, active from 1 Apr 2040; set-up on 2 Jan 2040 at 12:00.
 */
import { officerOf, PARTNERS, RO_OFFICER } from '../domain/fixtures';
import {
  act,
  eventually,
  recordingActivities,
  refusalOf,
  runUntilActive,
  sentFor,
  stateOf,
  termsForFinancialYear,
  timeSkippingEnvPerTest,
  withArrangement,
} from '../helpers/arrangements';
import { skipTo } from '../helpers/temporal';
import { whyWaitingQuery } from '../../workflows/contract';
import { recordHistoryFixture } from '../helpers/history-fixtures';
import { withContributionsFor } from '../helpers/lives';

const env = timeSkippingEnvPerTest('2040-01-02T12:00');
const terms = termsForFinancialYear(2040);
/** The trust's contract with Northshire HA covers the existing group; its contract with "ha-elsewhere" covers older people. */
const varied = { ...terms, clientGroups: [...terms.clientGroups, 'older people'] };
const county = officerOf(PARTNERS.county.id);
const partnerContacts = terms.partners.map((p) => p.contactOfficer.email);
const consultees = terms.consultees.map((c) => c.contact.email);
const roOfficer = terms.regionalOffice.officer.email;

describe('variations (time-skipping server)', () => {
  test('when a variation adds a client group, then a fresh consultation opens and the old terms stay in force until the variation takes effect', async () => {
    const activities = recordingActivities();
    await withArrangement(env(), activities, terms, async (arrangement) => {
      const { handle, ref } = arrangement;
      await runUntilActive(env(), arrangement);

      await skipTo(env(), '2040-05-01T12:00');
      await act(handle, { command: { type: 'proposeVariation', terms: varied, reason: 'Extend to older people' }, actor: county });
      const proposed = await stateOf(handle);
      expect(proposed).toMatchObject({ status: 'active', version: 1, terms: { clientGroups: terms.clientGroups } });
      expect(proposed.variation).toMatchObject({
        id: 'variation1',
        decidedBy: 'regionalOffice',
        classification: { materiality: 'material', reasons: ['clientGroupsAdded'], newClientGroups: ['older people'] },
        // 12 weeks from 1 May 2040 is 24 Jul 2040.
        consultation: { purpose: 'variation', groups: ['service users', 'carers'], closeDate: '2040-07-24', responses: [] },
        // Northshire HA's consent was given before the start; only the new group's HA must consent now.
        consents: [{ trustId: PARTNERS.trust.id, healthAuthorityId: 'ha-elsewhere', status: 'pending' }],
      });
      expect(await handle.query(whyWaitingQuery)).toMatchObject({
        blockingCondition: 'Variation variation1 is pending consultation until 2040-07-24; the current terms stay in force.',
        whoMustAct: ['northWest Regional Office'],
      });
      await eventually(() =>
        expect(sentFor(activities.sent, ref).filter((s) => s.key.endsWith(':variation1'))).toEqual([
          { key: 'consultationInvitation:variation1', kind: 'consultationInvitation', on: '2040-05-01', to: consultees },
          { key: 'variationProposed:variation1', kind: 'variation', on: '2040-05-01', to: [...partnerContacts, roOfficer] },
        ]),
      );
      expect(await refusalOf(act(handle, { command: { type: 'acknowledgeReceipt' }, actor: RO_OFFICER }))).toMatchObject({
        code: 'variationNotReady',
      });

      await skipTo(env(), '2040-05-10T12:00');
      await act(handle, {
        command: { type: 'grantConsent', trustId: PARTNERS.trust.id, healthAuthorityId: 'ha-elsewhere' },
        actor: officerOf('ha-elsewhere'),
      });
      await skipTo(env(), '2040-05-20T12:00');
      await act(handle, {
        command: { type: 'recordConsultationResponse', group: 'service users', summary: 'Welcome the extension' },
        actor: county,
      });

      await skipTo(env(), '2040-07-23T12:00');
      expect((await stateOf(handle)).terms.clientGroups).toEqual(terms.clientGroups);

      // The carers never respond: the consultation lapses as 24 Jul 2040 ends (midnight BST, 23:00 UTC).
      await skipTo(env(), '2040-07-25T12:00');
      const lapsed = await stateOf(handle);
      expect(lapsed.audit.find((a) => a.action === 'variationConsultationLapsed')).toMatchObject({
        actorId: 'system',
        at: Date.parse('2040-07-24T23:00:00Z'),
        details: { missingGroups: ['carers'] },
      });
      expect(lapsed.variation?.consultation).toMatchObject({ closedHow: 'lapsed' });
      expect(lapsed.terms.clientGroups).toEqual(terms.clientGroups);
      expect((await handle.query(whyWaitingQuery)).blockingCondition).toBe(
        'Variation variation1 is pending; the current terms stay in force.',
      );
      // Closing reminders 14 and 3 days before 24 Jul; the consent came before its chase began (R0 15 May).
      expect(sentFor(activities.sent, ref).filter((s) => s.key.includes(':variation1:'))).toEqual([
        { key: 'consultationClose:variation1:R0', kind: 'reminder', step: 'R0', on: '2040-07-10', to: partnerContacts },
        { key: 'consultationClose:variation1:R1', kind: 'reminder', step: 'R1', on: '2040-07-21', to: partnerContacts },
      ]);

      // Ready for the Regional Office as the consultation lapsed (Wednesday 25 Jul in England): its
      // acknowledgement is due in 20 working days, on Wednesday 22 Aug 2040.
      expect(lapsed.obligations.find((o) => o.id === 'roResponse:variation1')).toMatchObject({ dueDate: '2040-08-22', status: 'open' });
      expect(await refusalOf(act(handle, { command: { type: 'signVariation' }, actor: county }))).toMatchObject({
        code: 'variationAwaitsRegionalOffice',
      });

      // The acknowledgement does not vary the agreement yet: every partner signs the varied agreement first.
      expect(await act(handle, { command: { type: 'acknowledgeReceipt' }, actor: RO_OFFICER })).toMatchObject({
        status: 'active',
        version: 1,
      });
      expect(await handle.query(whyWaitingQuery)).toMatchObject({
        blockingCondition: expect.stringContaining('awaits the signatures of'),
        whoMustAct: terms.partners.map((p) => p.name),
      });
      const signers = terms.partners.map((p) => officerOf(p.id));
      for (const signer of signers.slice(0, -1)) await act(handle, { command: { type: 'signVariation' }, actor: signer });
      expect((await stateOf(handle)).terms.clientGroups).toEqual(terms.clientGroups);
      expect(await act(handle, { command: { type: 'signVariation' }, actor: signers.at(-1)! })).toMatchObject({
        status: 'active',
        version: 2,
      });
      const varied2 = await stateOf(handle);
      expect(varied2.obligations.find((o) => o.id === 'roResponse:variation1')?.status).toBe('done');
      expect(varied2.terms.clientGroups).toEqual(['adults with learning disabilities', 'older people']);
      expect(varied2.variation).toBeUndefined();
      expect(varied2.audit.at(-1)).toMatchObject({
        action: 'variationTookEffect',
        details: { variationId: 'variation1', how: 'acknowledged', version: 2 },
      });
      await eventually(() =>
        expect(sentFor(activities.sent, ref).filter((s) => s.key.startsWith('variation') && s.key.endsWith(':variation1'))).toEqual(
          [
            { key: 'variationAwaitsRegionalOffice:variation1', kind: 'variation', on: '2040-07-25', to: [roOfficer] },
            { key: 'variationAwaitsSignatures:variation1', kind: 'variation', on: '2040-07-25', to: partnerContacts },
            { key: 'variationTookEffect:variation1', kind: 'variation', on: '2040-07-25', to: [...partnerContacts, roOfficer] },
            { key: 'variationProposed:variation1', kind: 'variation', on: '2040-05-01', to: [...partnerContacts, roOfficer] },
          ].sort((a, b) => a.on.localeCompare(b.on) || a.key.localeCompare(b.key)),
        ),
      );
      // Recorded with the ro-clock-working-days and material-variation-signed markers; 'material-variation' is from before them.
      await recordHistoryFixture(handle, 'material-variation-signed');
    });
  });

  test("when the Regional Office does not answer a material variation, then its working-day target is chased and its overdue steps reach the Regional Office's named manager", async () => {
    const activities = recordingActivities();
    const manager = { name: 'Rita Manager', email: 'rita.manager@ro.example.org.uk' };
    const managed = { ...terms, regionalOffice: { ...terms.regionalOffice, manager } };
    await withArrangement(env(), activities, managed, async (arrangement) => {
      const { handle, ref } = arrangement;
      await runUntilActive(env(), arrangement);
      // A bigger pool for 2041/42: material, no consultation or consent, so ready for the Regional Office at once.
      await skipTo(env(), '2040-05-01T12:00');
      await act(handle, { command: { type: 'proposeVariation', terms: withContributionsFor(managed, 2041) }, actor: county });
      // 20 working days from Tuesday 1 May 2040, skipping the bank holidays of 7 and 28 May: Thursday 31 May.
      expect((await stateOf(handle)).obligations.find((o) => o.id === 'roResponse:variation1')).toMatchObject({
        dueDate: '2040-05-31',
        status: 'open',
      });
      await skipTo(env(), '2040-06-02T12:00');
      expect(sentFor(activities.sent, ref).filter((s) => s.key.startsWith('roResponse:variation1:'))).toEqual([
        { key: 'roResponse:variation1:R0', kind: 'reminder', step: 'R0', on: '2040-05-17', to: [roOfficer] },
        { key: 'roResponse:variation1:R1', kind: 'reminder', step: 'R1', on: '2040-05-28', to: [roOfficer] },
        { key: 'roResponse:variation1:D0', kind: 'dueToday', step: 'D0', on: '2040-05-31', to: [roOfficer] },
        { key: 'roResponse:variation1:E1', kind: 'overdue', step: 'E1', on: '2040-06-01', to: [roOfficer, manager.email] },
      ]);
      expect((await act(handle, { command: { type: 'acknowledgeReceipt' }, actor: RO_OFFICER })).version).toBe(1);
      expect((await stateOf(handle)).obligations.find((o) => o.id === 'roResponse:variation1')?.status).toBe('done');
    });
  });
});
