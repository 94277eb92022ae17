/**
 * Request bodies for the API tests, built on the domain's fixtures (`test/domain/fixtures.ts`) with
 * the dates moved two years ahead: the workflow runs on the real clock, and an arrangement that
 * started in 2001 would race through its whole life while a test watches.
 */
import type { ArrangementTerms, CommandType } from '../../domain';
import { PARTNERS, validTerms } from '../domain/fixtures';

/** The organisations and region of the fixture. */
export const FIXTURE = {
  partyOrg: PARTNERS.pct.id,
  otherParties: [PARTNERS.ha.id, PARTNERS.trust.id, PARTNERS.county.id],
  region: 'northWest',
  trustId: PARTNERS.trust.id,
  consentingHa: PARTNERS.ha.id,
} as const;

/** The fixture's terms, starting on the 1 April two years from now. */
export function futureTerms(now = Date.now()): ArrangementTerms {
  const year = new Date(now).getUTCFullYear() + 2;
  const base = validTerms();
  return validTerms({
    startDate: `${year}-04-01`,
    endDate: `${year + 3}-03-31`,
    reviewDate: `${year + 1}-09-30`,
    pooledFund: base.pooledFund && {
      ...base.pooledFund,
      contributions: base.pooledFund.contributions.map((c) => ({ ...c, financialYear: year })),
    },
  });
}

/** A valid body for POST /arrangements. */
export function createBody(ref: string, terms: ArrangementTerms = futureTerms()) {
  return { ref, terms };
}

/** A shape-valid body for every action (rules may still refuse it): used by the authorisation matrix. */
export function sampleActionBodies(terms: ArrangementTerms = futureTerms()): Record<CommandType, Record<string, unknown>> {
  const year = Number(terms.startDate.slice(0, 4));
  return {
    submitProposal: {},
    editProposal: { terms },
    recordConsultationResponse: { group: 'service users', summary: 'We support it' },
    closeConsultation: {},
    considerResponses: { summary: 'Considered' },
    recordHimpCheck: { himpRef: 'HImP-1', objectives: ['Reduce admissions'], finding: 'consistent' },
    attestImprovement: { statement: 'Likely to improve services' },
    grantConsent: { trustId: FIXTURE.trustId, healthAuthorityId: FIXTURE.consentingHa },
    refuseConsent: { trustId: FIXTURE.trustId, healthAuthorityId: FIXTURE.consentingHa, reason: 'Not yet' },
    markChecklistItem: { itemId: 'PF-A', documentRef: 'agreement.pdf#PF-A' },
    markChecklistItems: { items: [{ itemId: 'PF-A', documentRef: 'agreement.pdf#PF-A' }] },
    signAgreement: {},
    submitNotification: { formRef: 'NOTIF-1' },
    acknowledgeReceipt: {},
    approve: {},
    refuse: { reason: 'Incomplete' },
    requestInformation: { question: 'Which services?' },
    provideInformation: { answer: 'Day services' },
    resubmit: {},
    proposeVariation: { terms: { ...terms, aims: [...terms.aims, 'Shorter waits'] } },
    decideVariation: { decision: 'approve' },
    withdrawVariation: {},
    signVariation: {},
    fileQuarterlyReport: { period: `${year}Q1` },
    fileAnnualReport: { financialYear: year },
    submitAnnualReturn: { financialYear: year },
    certifyAudit: { financialYear: year },
    completeReview: { outcome: 'continue', nextReviewDate: `${year + 2}-01-31` },
    giveNotice: {},
    withdrawApproval: { reason: 'Concerns' },
    completeWindUpItem: { itemId: 'staff' },
    abandon: {},
  };
}

/** The fixture's terms starting a week ago, so `ready` turns `active` at once (needs `allowRetrospectiveStart`). */
export function recentlyStartedTerms(now = Date.now()): ArrangementTerms {
  const start = new Date(now - 7 * 86_400_000);
  const startDate = start.toISOString().slice(0, 10);
  const year = start.getUTCFullYear();
  // A financial year is named by the calendar year in which it starts, on 1 April.
  const financialYear = start.getUTCMonth() >= 3 ? year : year - 1;
  const base = validTerms();
  return validTerms({
    startDate,
    endDate: `${year + 3}-03-31`,
    reviewDate: `${year + 1}-${startDate.slice(5, 7)}-01`,
    pooledFund: base.pooledFund && {
      ...base.pooledFund,
      contributions: base.pooledFund.contributions.map((c) => ({ ...c, financialYear })),
    },
  });
}
