/**
 * Who may act (section31.md §13.1, inferred), re-checked by the workflow's Update validator whatever
 * the API let through: the actor's role, organisation and region are checked against the terms.
 */
import type { Actor, Command } from '../../domain';
import { commandsToReachReady, officerOf, otherOfficerOf, PARTNERS, RO_OFFICER } from '../domain/fixtures';
import {
  act,
  actAll,
  eventually,
  leadCommissioningTermsForFinancialYear,
  recordingActivities,
  refusalOf,
  runUntilActive,
  sentFor,
  stateOf,
  stepsBefore,
  termsForFinancialYear,
  timeSkippingEnvPerTest,
  withArrangement,
} from '../helpers/arrangements';
import { skipTo } from '../helpers/temporal';
import { whyWaitingQuery } from '../../workflows/contract';

const env = timeSkippingEnvPerTest('2040-01-02T12:00');
/** Riverside PCT delegates commissioning to Northshire County Council; the North West RO approves. */
const terms = leadCommissioningTermsForFinancialYear(2040);
const pct = officerOf(PARTNERS.pct.id);
const county = officerOf(PARTNERS.county.id);
const outsider = officerOf('cc-southshire');
const trentRo: Actor = { id: 'officer@ro-trent', role: 'regionalOfficeOfficer', region: 'trent' };

describe('authorisation in the workflow (time-skipping server)', () => {
  test.each<{ what: string; actor: Actor; command: Command; code: string }>([
    {
      what: 'an officer of a council that is not a party abandons it',
      actor: outsider,
      command: { type: 'abandon', reason: 'Not ours' },
      code: 'notAPartnerOfficer',
    },
    {
      what: 'a Regional Office officer of another region approves it',
      actor: trentRo,
      command: { type: 'approve' },
      code: 'notTheRegionalOffice',
    },
    { what: "a partner's officer approves it", actor: pct, command: { type: 'approve' }, code: 'roleNotPermitted' },
  ])('when $what, then the update is refused with $code and nothing changes', async ({ actor, command, code }) => {
    await withArrangement(env(), recordingActivities(), terms, async ({ handle }) => {
      await actAll(handle, stepsBefore(commandsToReachReady(terms), 'approve'));
      const before = await stateOf(handle);
      expect(await refusalOf(act(handle, { command, actor }))).toMatchObject({ type: code, code, citation: expect.any(String) });
      const after = await stateOf(handle);
      expect(after.status).toBe('notified');
      expect(after.audit).toEqual(before.audit);
      // The arrangement's own Regional Office can still decide.
      expect((await act(handle, { command: { type: 'approve' }, actor: RO_OFFICER })).status).toBe('ready');
    });
  });

  test("when an officer of the trust records its HA's consent, then the update is refused: only the consenting Health Authority can", async () => {
    const pooled = termsForFinancialYear(2040);
    await withArrangement(env(), recordingActivities(), pooled, async ({ handle }) => {
      await actAll(handle, stepsBefore(commandsToReachReady(pooled), 'grantConsent'));
      const grant: Command = { type: 'grantConsent', trustId: PARTNERS.trust.id, healthAuthorityId: PARTNERS.ha.id };
      expect(await refusalOf(act(handle, { command: grant, actor: officerOf(PARTNERS.trust.id) }))).toMatchObject({
        code: 'notTheConsentingAuthority',
        citation: expect.stringContaining('SI 2000/617 reg 7(2)'),
      });
      expect((await stateOf(handle)).preconditions?.consents[0]?.status).toBe('pending');
      expect((await act(handle, { command: grant, actor: officerOf(PARTNERS.ha.id) })).status).toBe('agreementDrafting');
    });
  });

  test('when a partner proposes a minor variation, then neither its officers nor the Regional Office can decide it, and the other partner can', async () => {
    const activities = recordingActivities();
    const varied = { ...terms, aims: [...terms.aims, 'Shorter waits for day services'] };
    await withArrangement(env(), activities, terms, async (arrangement) => {
      const { handle, ref } = arrangement;
      await runUntilActive(env(), arrangement);
      await skipTo(env(), '2040-05-01T12:00');
      await act(handle, { command: { type: 'proposeVariation', terms: varied, reason: 'Add an aim' }, actor: county });
      expect((await stateOf(handle)).variation).toMatchObject({
        id: 'variation1',
        decidedBy: 'partners',
        classification: { materiality: 'minor' },
      });
      expect(await handle.query(whyWaitingQuery)).toMatchObject({
        blockingCondition: 'Variation variation1 is pending; the current terms stay in force.',
        whoMustAct: [PARTNERS.pct.name, PARTNERS.county.name],
      });

      const approveIt: Command = { type: 'decideVariation', decision: 'approve' };
      for (const actor of [county, otherOfficerOf(PARTNERS.county.id)]) {
        expect(await refusalOf(act(handle, { command: approveIt, actor }))).toMatchObject({
          code: 'proposerCannotDecide',
          citation: expect.stringContaining('EN 239'),
        });
      }
      expect(await refusalOf(act(handle, { command: approveIt, actor: RO_OFFICER }))).toMatchObject({ code: 'variationDecidedByPartners' });
      expect((await stateOf(handle)).terms.aims).toEqual(terms.aims);

      expect(await act(handle, { command: approveIt, actor: pct })).toMatchObject({ status: 'active', version: 2 });
      const state = await stateOf(handle);
      expect(state.terms.aims).toEqual(varied.aims);
      expect(state.variation).toBeUndefined();
      expect(state.audit.slice(-2)).toEqual([
        expect.objectContaining({ action: 'decideVariation', actorId: pct.id }),
        expect.objectContaining({
          action: 'variationTookEffect',
          actorId: pct.id,
          details: { variationId: 'variation1', how: 'approved', version: 2 },
        }),
      ]);
      // A minor variation concerns the partners only: the Regional Office is not told.
      const contacts = [PARTNERS.pct.contactOfficer.email, PARTNERS.county.contactOfficer.email];
      await eventually(() =>
        expect(sentFor(activities.sent, ref).filter((s) => s.kind === 'variation')).toEqual([
          { key: 'variationProposed:variation1', kind: 'variation', on: '2040-05-01', to: contacts },
          { key: 'variationTookEffect:variation1', kind: 'variation', on: '2040-05-01', to: contacts },
        ]),
      );
    });
  });
});
