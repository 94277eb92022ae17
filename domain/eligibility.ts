import { regulationOf, type ArrangementTerms } from './arrangement-terms';
import { isAfter, isBefore, REGIME_START_DATE, type DateString } from './calendar';
import { CITATIONS } from './citations';
import { catalogueFunction } from './function-catalogue';
import { delegations } from './delegation-rules';
import { partnerMix } from './partner-rules';
import { pooledFund } from './pooled-fund-rules';
import { isPrescribedKind, sectorOf } from './partners';
import { DEFAULT_POLICY, type ArrangementPolicy } from './policy';
import { refusal, type Refusal } from './refusal';

/** One HA consent an NHS trust must obtain before the arrangement (§4.5). */
export interface RequiredTrustConsent {
  trustId: string;
  healthAuthorityId: string;
}

/**
 * The HA consents the NHS trust partners need (§4.5): a trust in a pooled fund with an LA (reg 7(2) [V]),
 * a party to a reg 9 delegation (reg 9(2) [V]) or, by default policy, a reg 8 one (unverified) needs the
 * consent of each HA holding an NHS contract with it that covers one of the arrangement's client groups.
 * An empty set means no consent is needed (inferred).
 */
export function requiredTrustConsents(terms: ArrangementTerms, policy: ArrangementPolicy = DEFAULT_POLICY): RequiredTrustConsent[] {
  const result: RequiredTrustConsent[] = [];
  for (const trust of terms.partners.filter((p) => p.kind === 'nhsTrust')) {
    const inPool = terms.types.includes('pooledFund') || terms.pooledFund !== undefined;
    const delegations = terms.delegations.filter((d) => d.delegatorId === trust.id || d.delegateId === trust.id);
    const inReg9 = delegations.some((d) => regulationOf(terms, d) === 'reg9');
    const inReg8 = delegations.some((d) => regulationOf(terms, d) === 'reg8');
    if (!(inPool || inReg9 || (inReg8 && policy.trustConsentForReg8))) continue;
    for (const contract of trust.nhsContracts ?? []) {
      const covers = contract.clientGroups.some((g) => terms.clientGroups.includes(g));
      const seen = result.some((r) => r.trustId === trust.id && r.healthAuthorityId === contract.healthAuthorityId);
      if (covers && !seen) result.push({ trustId: trust.id, healthAuthorityId: contract.healthAuthorityId });
    }
  }
  return result;
}

/** One eligibility rule of §13.2: every refusal it finds in the terms, in field order. */
export type EligibilityRule = (terms: ArrangementTerms, policy: ArrangementPolicy, now: number) => Refusal[];

/** C7: only catalogued, non-excluded functions (regs 5, 6; SI 2000/618 reg 2(2); HSC 2). */
const functions: EligibilityRule = (terms) => {
  const out: Refusal[] = [];
  const all = [...terms.functionIds.map((id, i) => ({ id, path: ['functionIds', i] as (string | number)[] }))];
  terms.delegations.forEach((d, di) => d.functionIds.forEach((id, fi) => all.push({ id, path: ['delegations', di, 'functionIds', fi] })));
  const reported = new Set<string>();
  for (const { id, path } of all) {
    if (reported.has(id)) continue;
    const entry = catalogueFunction(id);
    if (!entry) {
      reported.add(id);
      out.push(
        refusal(
          'functionUnknown',
          `Function ${id} is not in the function catalogue, so it cannot be checked against the exclusions.`,
          CITATIONS.unknownFunction,
          path,
        ),
      );
    } else if (entry.excluded) {
      reported.add(id);
      const citation = id === 'la.charging' ? CITATIONS.charging : CITATIONS.excludedFunctions;
      out.push(refusal('functionExcluded', `${entry.label} (${id}) cannot be included in a partnership arrangement.`, citation, path));
    }
  }
  return out;
};

/** Dates: start on or after 1 April 2000 (reg 1), end after start, review between start and end (reg 7(3)(f), 9(3)(f)). */
const dates: EligibilityRule = (terms) => {
  const out: Refusal[] = [];
  if (isBefore(terms.startDate, REGIME_START_DATE)) {
    out.push(
      refusal(
        'startBeforeRegulations',
        'Partnership arrangements can start no earlier than 1 April 2000, when SI 2000/617 came into force.',
        CITATIONS.regimeStart,
        ['startDate'],
      ),
    );
  }
  if (!isAfter(terms.endDate, terms.startDate)) {
    out.push(
      refusal(
        'endNotAfterStart',
        `The end date ${terms.endDate} must be after the start date ${terms.startDate}.`,
        CITATIONS.durationAndReview,
        ['endDate'],
      ),
    );
  }
  if (!isBefore(terms.reviewDate, terms.endDate)) {
    out.push(
      refusal(
        'reviewNotBeforeEnd',
        `The review date ${terms.reviewDate} must be before the end date ${terms.endDate}.`,
        CITATIONS.durationAndReview,
        ['reviewDate'],
      ),
    );
  }
  if (!isAfter(terms.reviewDate, terms.startDate)) {
    out.push(
      refusal(
        'reviewNotAfterStart',
        `The review date ${terms.reviewDate} must be after the start date ${terms.startDate}.`,
        CITATIONS.durationAndReview,
        ['reviewDate'],
      ),
    );
  }
  return out;
};

/** Joint consultation needs someone to consult (HSC 3), and the terms must name client groups (reg 7(3)(d), 9(3)(d)). */
const consultationAndScope: EligibilityRule = (terms, policy) => {
  const out: Refusal[] = [];
  if (terms.consultees.length === 0) {
    out.push(
      refusal(
        'noConsultees',
        'Name at least one consultee group: the partners must jointly consult those affected.',
        CITATIONS.consultation,
        ['consultees'],
      ),
    );
  }
  if (terms.clientGroups.length === 0) {
    out.push(
      refusal('noClientGroups', 'Name the client groups for whom the functions may be exercised.', 'SI 2000/617 reg 7(3)(d), 9(3)(d) [V]', [
        'clientGroups',
      ]),
    );
  }
  if (policy.requireRegionalOfficeOfNhsPartner) {
    const nhsRegions = terms.partners.filter((p) => isPrescribedKind(p.kind) && sectorOf(p.kind) === 'nhs').map((p) => p.region);
    if (nhsRegions.length > 0 && !nhsRegions.includes(terms.regionalOffice.region)) {
      out.push(
        refusal('regionalOfficeNotOfNhsPartners', 'Notify the Regional Office for the area of the NHS partners.', CITATIONS.roRegion, [
          'regionalOffice',
          'region',
        ]),
      );
    }
  }
  return out;
};

const RULES: EligibilityRule[] = [partnerMix, functions, delegations, pooledFund, dates, consultationAndScope];

/**
 * Every reason the terms cannot go forward (empty when eligible). Hard blocks cite [V] rules; the HA
 * provider rule and the RO-region rule are inferred and switchable through the policy.
 */
export function whyTermsAreIneligible(terms: ArrangementTerms, now: number, policy: ArrangementPolicy = DEFAULT_POLICY): Refusal[] {
  return RULES.flatMap((rule) => rule(terms, policy, now));
}

/**
 * Refuses a start date before today when the arrangement has not yet started (policy switch
 * `allowRetrospectiveStart`, inferred from HSC paras 1, 11: notification precedes use of the powers).
 */
export function whyStartDateIsRetrospective(
  terms: Pick<ArrangementTerms, 'startDate'>,
  today: DateString,
  policy: ArrangementPolicy = DEFAULT_POLICY,
): Refusal | undefined {
  if (policy.allowRetrospectiveStart || !isBefore(terms.startDate, today)) return undefined;
  return refusal(
    'startDateInPast',
    `The start date ${terms.startDate} has passed: an arrangement takes effect only after the Regional Office has been notified, so choose a date from today on.`,
    CITATIONS.notification,
    ['startDate'],
  );
}

/**
 * Every reason the terms of a draft cannot be created, edited or submitted, at once: the retrospective
 * start (when the policy refuses it) and every eligibility rule of §13.2, in that order (issue 11).
 */
export function whyDraftTermsAreRefused(
  terms: ArrangementTerms,
  today: DateString,
  now: number,
  policy: ArrangementPolicy = DEFAULT_POLICY,
): Refusal[] {
  const retrospective = whyStartDateIsRetrospective(terms, today, policy);
  return [...(retrospective ? [retrospective] : []), ...whyTermsAreIneligible(terms, now, policy)];
}

/** Only the exclusion rules (C7 and capital in the pool, HSC 4), re-checked when a variation is decided. */
export function whyTermsFailExclusionCheck(terms: ArrangementTerms, now: number, policy: ArrangementPolicy = DEFAULT_POLICY): Refusal[] {
  return [...functions(terms, policy, now), ...pooledFund(terms, policy, now).filter((r) => r.code === 'capitalInPooledFund')];
}
