/**
 * `actionsOpenTo`: the actions a person may take on an arrangement now, which the web page offers as
 * buttons and forms. Each offered action must pass the same checks the workflow's validator applies.
 */
import { actionsOpenTo, decide, whyActorIsRefused, type Actor, type ArrangementState, type Command } from '../../domain';
import { ADMIN, at, driveToStatus, officerOf, PARTNERS, RO_OFFICER, validTerms } from './fixtures';

const NOW = at('2000-12-01');

describe('actionsOpenTo', () => {
  test.each<[string, ArrangementState['status'], Actor, string[]]>([
    [
      'a party in a draft may submit, change or abandon it',
      'draft',
      officerOf(PARTNERS.pct.id),
      ['submitProposal', 'editProposal', 'abandon'],
    ],
    ['the Regional Office has nothing to do in a draft', 'draft', RO_OFFICER, []],
    ['another region’s office sees nothing to do', 'notified', { ...RO_OFFICER, region: 'southEast' }, []],
    ['an officer of a body that is not a party has nothing to do', 'draft', officerOf('cc-elsewhere'), []],
  ])('when %s, then those are the actions offered', (_title, status, actor, expected) => {
    expect(actionsOpenTo(driveToStatus(status), actor, NOW)).toEqual(expected);
  });

  test('when the notification is with the Regional Office, then only the Regional Office may decide it', () => {
    const notified = driveToStatus('notified');
    expect(actionsOpenTo(notified, RO_OFFICER, NOW)).toEqual(expect.arrayContaining(['acknowledgeReceipt', 'requestInformation']));
    expect(actionsOpenTo(notified, officerOf(PARTNERS.pct.id), NOW)).not.toContain('acknowledgeReceipt');
  });

  test('when every partner has signed, then signing is no longer offered', () => {
    const executed = driveToStatus('agreementExecuted', validTerms());
    expect(actionsOpenTo(executed, officerOf(PARTNERS.pct.id), NOW)).not.toContain('signAgreement');
  });

  test('when the trust’s consent is pending, then its Health Authority is offered the consent and a council is not', () => {
    const pending = driveToStatus('preconditionsPending');
    expect(actionsOpenTo(pending, officerOf(PARTNERS.ha.id), NOW)).toEqual(expect.arrayContaining(['grantConsent', 'refuseConsent']));
    expect(actionsOpenTo(pending, officerOf(PARTNERS.county.id), NOW)).not.toContain('grantConsent');
  });

  test('when an action needing no answers is offered, then the domain accepts it from that person', () => {
    for (const status of ['draft', 'consultationOpen', 'agreementExecuted', 'notified'] as const) {
      const state = driveToStatus(status);
      for (const actor of [officerOf(PARTNERS.pct.id), RO_OFFICER, ADMIN]) {
        for (const type of actionsOpenTo(state, actor, NOW)) {
          const probe = { type } as Command;
          expect(whyActorIsRefused(state, probe, actor)?.code).toBeUndefined();
          if (['submitProposal', 'closeConsultation', 'acknowledgeReceipt', 'approve', 'abandon'].includes(type)) {
            const decision = decide(state, probe, actor, NOW);
            expect(decision.ok ? 'accepted' : decision.refusal.code).toBe('accepted');
          }
        }
      }
    }
  });
});
