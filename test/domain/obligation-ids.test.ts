import {
  annualReportId,
  annualReturnId,
  auditCertificationId,
  consultationCloseId,
  decide,
  durationEndId,
  haConsentId,
  notificationKeys,
  notifyBeforeStartId,
  nthVariationId,
  obligationVariationId,
  proposalRound,
  quarterlyReportId,
  reviewDateId,
  roResponseId,
  windUpObligationId,
  type ArrangementState,
  type Decision,
} from '../../domain';
import { at, driveToActive, officerOf, PARTNERS, validTerms } from './fixtures';

const county = officerOf(PARTNERS.county.id);
const pct = officerOf(PARTNERS.pct.id);

function accepted(decision: Decision): ArrangementState {
  if (!decision.ok) throw new Error(`refused: ${decision.refusal.code}`);
  return decision.state;
}

/** A pending variation that adds a client group, so it opens a joint consultation. */
const withConsultedVariation = (): ArrangementState =>
  accepted(
    decide(
      driveToActive(),
      { type: 'proposeVariation', terms: validTerms({ clientGroups: [...validTerms().clientGroups, 'older people'] }) },
      county,
      at('2001-06-01'),
    ),
  );

/** The same state as recorded before obligations carried `variationId`. */
const recordedBeforeVariationId = (state: ArrangementState): ArrangementState => ({
  ...state,
  obligations: state.obligations.map(({ variationId: _dropped, ...o }) => o),
});

const statusOf = (state: ArrangementState, id: string): string | undefined => state.obligations.find((o) => o.id === id)?.status;

describe('obligation ids and notification keys', () => {
  test('when ids are built, then they are the strings running workflows and replay histories hold', () => {
    expect([
      consultationCloseId(proposalRound(2)),
      consultationCloseId(nthVariationId(3)),
      haConsentId('trust-city', 'ha-northshire'),
      haConsentId('trust-city', 'ha-northshire', 'variation3'),
      notifyBeforeStartId(1),
      roResponseId(2),
      quarterlyReportId('2001Q2'),
      annualReportId(2001),
      annualReturnId(2001),
      auditCertificationId(2001),
      reviewDateId('2002-09-30'),
      durationEndId('2004-03-31'),
      windUpObligationId('staff'),
    ]).toEqual([
      'consultationClose:proposal2',
      'consultationClose:variation3',
      'haConsent:trust-city:ha-northshire',
      'haConsent:variation3:trust-city:ha-northshire',
      'notifyBeforeStart:v1',
      'roResponse:v2',
      'quarterlyReport:2001Q2',
      'annualReport:2001',
      'annualReturn:2001',
      'auditCertification:2001',
      'reviewDate:2002-09-30',
      'durationEnd:2004-03-31',
      'windUp:staff',
    ]);
  });

  test('when notification keys are built, then they are the strings the sent log holds', () => {
    expect([
      notificationKeys.consultationInvitation('R', 'proposal1'),
      notificationKeys.informationRequest('R', 2, 3),
      notificationKeys.informationProvided('R', 2, 3),
      notificationKeys.roDecision('R', 1),
      notificationKeys.variationDropped('R', 'variation1'),
      notificationKeys.ending('R', true, 2),
      notificationKeys.ending('R', false, 2),
    ]).toEqual([
      'R:consultationInvitation:proposal1',
      'R:informationRequest:2.3',
      'R:informationProvided:2.3',
      'R:roDecision:1',
      'R:variationDropped:variation1',
      'R:withdrawal:2',
      'R:notice:2',
    ]);
  });

  test('when a variation opens its consultation, then the obligation names the variation', () => {
    const close = withConsultedVariation().obligations.find((o) => o.id === 'consultationClose:variation1');
    expect(close).toMatchObject({ kind: 'consultationClose', variationId: 'variation1' });
    expect(obligationVariationId(close!)).toBe('variation1');
  });

  test.each([
    [{ id: 'consultationClose:variation2', kind: 'consultationClose' as const }, 'variation2'],
    [{ id: 'haConsent:variation2:trust-city:ha-northshire', kind: 'haConsent' as const }, 'variation2'],
    [{ id: 'haConsent:trust-city:ha-northshire', kind: 'haConsent' as const }, undefined],
    [{ id: 'consultationClose:proposal1', kind: 'consultationClose' as const }, undefined],
    [{ id: 'reviewDate:2002-09-30', kind: 'reviewDate' as const }, undefined],
  ])('when %j was recorded without variationId, then its variation is read from the id', (obligation, variationId) => {
    expect(obligationVariationId(obligation)).toBe(variationId);
  });

  test('when a variation recorded before variationId existed is rejected, then its consultation close is still cancelled', () => {
    const state = recordedBeforeVariationId(withConsultedVariation());
    const rejected = accepted(decide(state, { type: 'decideVariation', decision: 'reject', reason: 'Not now' }, pct, at('2001-06-02')));
    expect(statusOf(rejected, 'consultationClose:variation1')).toBe('cancelled');
  });

  test('when notice is given with a variation recorded before variationId existed, then its consultation close is cancelled', () => {
    const state = recordedBeforeVariationId(withConsultedVariation());
    const ending = accepted(decide(state, { type: 'giveNotice' }, pct, at('2001-06-02')));
    expect(statusOf(ending, 'consultationClose:variation1')).toBe('cancelled');
  });
});
