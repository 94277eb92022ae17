import type { ArrangementTerms } from './arrangement-terms';
import { addDays, type DateString } from './calendar';
import { CITATIONS } from './citations';
import { windUpObligationId } from './obligation-ids';
import type { NewObligation } from './obligations';
import type { ArrangementPolicy } from './policy';

/** The wind-up duties opened when an arrangement starts terminating (section31.md §11, inferred). */
export const WIND_UP_ITEM_IDS = [
  'finalQuarterlyReport',
  'finalAnnualReport',
  'finalAnnualReturn',
  'finalAuditCertification',
  'surplusDeficit',
  'staff',
  'liabilityNote',
] as const;

/** One wind-up duty. */
export type WindUpItemId = (typeof WIND_UP_ITEM_IDS)[number];

/** Plain-language titles of the wind-up duties. */
export const WIND_UP_TITLES: Record<WindUpItemId, string> = {
  finalQuarterlyReport: 'Final quarterly report up to the termination date',
  finalAnnualReport: 'Final (part-year) annual report',
  finalAnnualReturn: 'Final pooled fund annual return',
  finalAuditCertification: 'Audit certification of the final pooled fund annual return',
  surplusDeficit: 'Agreed distribution of any pooled fund surplus or deficit',
  staff: 'Return or transfer of seconded or transferred staff',
  liabilityNote: 'Confirm the liability note for the period of the arrangement (s31(5))',
};

/** Wind-up items that only apply to a pooled fund. */
export const POOL_ONLY_WIND_UP_ITEMS: readonly WindUpItemId[] = ['finalAnnualReturn', 'finalAuditCertification', 'surplusDeficit'];

/**
 * The wind-up obligations of terms ending on `terminationDate` (§11, inferred): every item, less the
 * pool-only ones without a pooled fund, due `windUpDays` after the termination date. A pool-only item is
 * the pool manager's (the host partner's), the others every partner's.
 */
export function windUpObligations(
  terms: ArrangementTerms,
  policy: Pick<ArrangementPolicy, 'windUpDays'>,
  terminationDate: DateString,
): NewObligation[] {
  const dueDate = addDays(terminationDate, policy.windUpDays);
  const hostId = terms.pooledFund?.hostPartnerId;
  return WIND_UP_ITEM_IDS.filter((item) => terms.pooledFund || !POOL_ONLY_WIND_UP_ITEMS.includes(item)).map((item) => ({
    id: windUpObligationId(item),
    kind: 'windUp',
    title: WIND_UP_TITLES[item],
    dueDate,
    responsibleRole: POOL_ONLY_WIND_UP_ITEMS.includes(item) ? 'poolManager' : 'allPartners',
    responsiblePartnerIds: POOL_ONLY_WIND_UP_ITEMS.includes(item) && hostId ? [hostId] : terms.partners.map((p) => p.id),
    citation: item === 'liabilityNote' ? CITATIONS.liability : CITATIONS.windUp,
  }));
}
