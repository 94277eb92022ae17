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

/** Obligation id of a wind-up item, e.g. 'windUp:staff'. */
export function windUpObligationId(item: WindUpItemId): string {
  return `windUp:${item}`;
}
