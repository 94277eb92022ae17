import { isFinished, listingOf, recordDeliveryFailure, whyWaiting, type Command } from '../../domain';
import { applyAll, at, commandsToReachReady, driveToActive, endOf, driveToStatus, validLeadCommissioningTerms } from './fixtures';

describe('views', () => {
  test.each([
    ['consultationOpen', ['service users', 'carers']],
    [
      'consultationClosed',
      ['Northshire Health Authority', 'Riverside Primary Care Trust', 'City Community NHS Trust', 'Northshire County Council'],
    ],
    ['notified', ['northWest Regional Office']],
  ] as const)('when the arrangement is %s, then whyWaiting names who must act', (status, who) => {
    const view = whyWaiting(driveToStatus(status), at('2000-12-01'));
    expect(view.status).toBe(status);
    expect(view.whoMustAct).toEqual(who);
    expect(view.rule).toBeDefined();
  });

  test('when preconditions are pending, then the view lists the missing HImP check, attestations and consent', () => {
    const view = whyWaiting(driveToStatus('preconditionsPending'), at('2000-12-01'));
    expect(view.blockingCondition).toBe('Waiting for the HImP check, improvement attestations, Health Authority consents.');
    expect(view.whoMustAct).toContain('ha-northshire');
    expect(view.nextDeadline).toEqual({
      obligationId: 'haConsent:trust-city:ha-northshire',
      title: expect.any(String),
      dueDate: '2000-12-29',
    });
  });

  test('when the HImP check found the arrangement not consistent, then it keeps waiting, saying so; a consistent finding lets it go on', () => {
    const pending = driveToStatus('preconditionsPending');
    const script = commandsToReachReady(pending.terms);
    const himp = script.find((s) => s.command.type === 'recordHimpCheck')!;
    const rest = script.filter((s) => s.command.type === 'attestImprovement' || s.command.type === 'grantConsent');
    const negative = applyAll(
      pending,
      [{ ...himp, command: { ...himp.command, finding: 'notConsistent' } as Command }, ...rest],
      at('2000-12-01'),
    );
    expect(negative.status).toBe('preconditionsPending');
    const view = whyWaiting(negative, at('2000-12-01'));
    expect(view.blockingCondition).toContain('found it not consistent');
    expect(view.rule).toContain('HSC 2000/010 para 3 [V]');
    expect(applyAll(negative, [himp], at('2000-12-01')).status).toBe('agreementDrafting');
  });

  test('when an arrangement is active, then its listing carries the search attributes', () => {
    expect(listingOf(driveToActive(validLeadCommissioningTerms()))).toEqual({
      status: 'active',
      region: 'northWest',
      partnerIds: ['pct-riverside', 'cc-northshire'],
      types: ['leadCommissioning'],
      nextDeadlineAt: endOf('2001-07-27'),
      reviewDate: '2002-09-30',
    });
  });

  test('when a delivery fails, then it is recorded without changing the status', () => {
    const state = driveToActive();
    const next = recordDeliveryFailure(state, { key: 'ARR-2001-001:x:R0', recipient: 'a@b.org', error: 'ECONNREFUSED' }, at('2001-05-01'));
    expect(next.status).toBe('active');
    expect(next.failures).toEqual([{ at: at('2001-05-01'), key: 'ARR-2001-001:x:R0', recipient: 'a@b.org', error: 'ECONNREFUSED' }]);
    expect(next.audit.at(-1)).toMatchObject({ action: 'deliveryFailed', actorId: 'system' });
  });
});

describe('finished states', () => {
  test.each([
    ['closed', true],
    ['abandoned', true],
    ['roRefused', false],
    ['eligibilityFailed', false],
    ['active', false],
  ] as const)('when the status is %s, then isFinished is %s', (status, finished) => {
    expect(isFinished({ status })).toBe(finished);
  });
});
