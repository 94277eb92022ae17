import { checklistItem, type ChecklistItemId } from './agreement-checklist';
import { partnerById, regulationOf, type ArrangementTerms } from './arrangement-terms';
import { isAfter, isBefore } from './calendar';
import { catalogueFunction } from './function-catalogue';
import { sectorOf } from './partners';
import { refusal, type Refusal } from './refusal';

// The written agreement's particulars whose content the terms themselves carry (SI 2000/617 reg 7(3),
// reg 8, reg 9(3); issue 11 §4): checked from the terms, so that no tick can stand in for a gap.

/** One missing piece of the terms: what is missing, the field that would carry it, and the partner concerned if any. */
interface TermsGap {
  lacks: string;
  field: string;
}

const partnerLabel = (p: { id: string; name: string }): string => `${p.name} (${p.id})`;

const aimsGaps = (terms: ArrangementTerms): TermsGap[] =>
  terms.aims.length > 0 ? [] : [{ lacks: 'no agreed aims or outcomes', field: 'aims' }];

const scopeGaps = (terms: ArrangementTerms): TermsGap[] => [
  ...(terms.clientGroups.length > 0 ? [] : [{ lacks: 'no client group', field: 'clientGroups' }]),
  ...(terms.serviceKinds.length > 0 ? [] : [{ lacks: 'no kind of service', field: 'serviceKinds' }]),
];

/** Duration, review and termination: a start before the end, a review between them (termination notice and dates are required fields). */
const durationGaps = (terms: ArrangementTerms): TermsGap[] => [
  ...(isAfter(terms.endDate, terms.startDate)
    ? []
    : [{ lacks: `no duration (end ${terms.endDate} is not after start ${terms.startDate})`, field: 'endDate' }]),
  ...reviewGaps(terms),
];

const reviewGaps = (terms: ArrangementTerms): TermsGap[] =>
  isAfter(terms.reviewDate, terms.startDate) && isBefore(terms.reviewDate, terms.endDate)
    ? []
    : [
        {
          lacks: `no review within the arrangement (review ${terms.reviewDate}, in force ${terms.startDate} to ${terms.endDate})`,
          field: 'reviewDate',
        },
      ];

/** reg 7(1) [V]: the pool pays for NHS functions of the NHS partners and health-related functions of the LA partners. */
const poolFunctionGaps = (terms: ArrangementTerms): TermsGap[] => {
  const sectors = new Set(terms.functionIds.map((id) => catalogueFunction(id)?.sector));
  const contributors = new Set(terms.pooledFund?.contributions.map((c) => c.partnerId) ?? []);
  return (['nhs', 'localAuthority'] as const).flatMap((sector) => {
    const concerned = terms.partners.filter((p) => contributors.has(p.id) && sectorOf(p.kind) === sector);
    if (concerned.length === 0 || sectors.has(sector)) return [];
    const what = sector === 'nhs' ? 'NHS function' : 'health-related function';
    return [{ lacks: `no ${what} of ${concerned.map(partnerLabel).join(', ')}`, field: 'functionIds' }];
  });
};

/** Every function a delegation under `regulation` delegates must be among the functions the terms cover. */
const delegatedFunctionGaps =
  (regulation: 'reg8' | 'reg9') =>
  (terms: ArrangementTerms): TermsGap[] =>
    terms.delegations
      .filter((d) => regulationOf(terms, d) === regulation)
      .flatMap((d) => {
        const delegator = partnerById(terms, d.delegatorId) ?? { id: d.delegatorId, name: d.delegatorId };
        const outside = d.functionIds.filter((id) => !terms.functionIds.includes(id));
        return outside.length === 0
          ? []
          : [{ lacks: `${outside.join(', ')} delegated by ${partnerLabel(delegator)} among the functions covered`, field: 'functionIds' }];
      });

const hostGaps = (terms: ArrangementTerms): TermsGap[] => {
  const pool = terms.pooledFund;
  if (!pool) return [{ lacks: 'no pooled fund, so no host partner or pool manager', field: 'pooledFund' }];
  return partnerById(terms, pool.hostPartnerId)
    ? []
    : [{ lacks: `no host among the partners (${pool.hostPartnerId})`, field: 'pooledFund.hostPartnerId' }];
};

const MODE_OF_TYPE = { leadCommissioning: 'commissioning', integratedProvision: 'provision' } as const;

/** Each lead-commissioning or integrated-provision type needs a delegation of its mode. */
const typeGaps = (terms: ArrangementTerms): TermsGap[] =>
  (['leadCommissioning', 'integratedProvision'] as const)
    .filter((type) => terms.types.includes(type) && !terms.delegations.some((d) => d.mode === MODE_OF_TYPE[type]))
    .map((type) => ({ lacks: `no ${MODE_OF_TYPE[type]} delegation for ${type}`, field: 'delegations' }));

/** PF-B, reg 7(3)(b) [V] "the contributions to be made by each partner": one gap per partner with none. */
const contributionGaps = (terms: ArrangementTerms): TermsGap[] => {
  if (!terms.pooledFund) return [];
  const contributors = new Set(terms.pooledFund.contributions.map((c) => c.partnerId));
  return terms.partners
    .filter((p) => !contributors.has(p.id))
    .map((p) => ({ lacks: `no contribution from ${partnerLabel(p)}`, field: 'pooledFund.contributions' }));
};

/**
 * Items whose content the terms carry, and how to find what they lack (issue 11 §4). The schema and the
 * eligibility rules already demand most of it at create, edit and submit; checking again here keeps
 * the written agreement honest for terms reached any other way (a variation, an older arrangement).
 *
 * Tick-only, because the terms do not carry the content (a tick with its document reference is the record):
 * - PF-E, D9-E, D8-E (staff, goods, services, accommodation): no field for them in the terms.
 * - PF-G, D9-G, D8-G (management and monitoring): the terms hold no monitoring arrangements.
 * - D9-B, D8-B (payments between NHS bodies and LAs and how varied): the terms hold no payments.
 * - The "how varied" half of PF-B: the variation mechanism is a clause, not a field.
 * - X-LIABILITY: liability follows from the delegations by law (liableBodyIdOf); the clause is text,
 *   guarded by `transfersLiability` on the tick.
 * - X-GOVERNANCE, X-STAFF: no governance body or staffing terms in the schema.
 * - X-REPORTING: the calendar is derived by the system from the dates; the clause is text.
 * - X-MANUAL-REVIEW: a person's review, by definition.
 */
const TERMS_CHECKS: Partial<Record<ChecklistItemId, (terms: ArrangementTerms) => TermsGap[]>> = {
  'PF-A': aimsGaps, // reg 7(3)(a)
  'PF-B': contributionGaps, // reg 7(3)(b)
  'PF-C': poolFunctionGaps, // reg 7(3)(c), 7(1)
  'PF-D': scopeGaps, // reg 7(3)(d)
  'PF-F': durationGaps, // reg 7(3)(f); terminationNoticeDays is a required field
  'PF-H': hostGaps, // reg 7 (unverified)
  'D9-A': aimsGaps, // reg 9(3)(a)
  'D9-C': delegatedFunctionGaps('reg9'), // reg 9(3)(c)
  'D9-D': scopeGaps, // reg 9(3)(d)
  'D9-F': durationGaps, // reg 9(3)(f)
  'D8-A': aimsGaps,
  'D8-C': delegatedFunctionGaps('reg8'),
  'D8-D': scopeGaps,
  'D8-F': durationGaps,
  'X-TYPES': typeGaps,
  'X-REVIEW-DATE': reviewGaps, // reg 7(3)(f), 9(3)(f)
};

/** The items whose content is checked from the terms (the rest are tick-only; see TERMS_CHECKS). */
export const ITEMS_CHECKED_FROM_TERMS = Object.keys(TERMS_CHECKS) as ChecklistItemId[];

/**
 * Where the terms themselves fall short of what a required particular must say (issue 11 §4), so that
 * no tick can stand in for it. One `checklistItemNotInTerms` refusal per missing piece, naming it, the
 * partner concerned where there is one, and the terms field that would carry it; cited to the item's
 * regulation paragraph. No path: the field is in the terms, not the body of the command. Empty for
 * tick-only items and for complete terms.
 */
export function termsGapsOf(terms: ArrangementTerms, itemId: ChecklistItemId): Refusal[] {
  const item = checklistItem(itemId);
  return (TERMS_CHECKS[itemId]?.(terms) ?? []).map((gap) =>
    refusal(
      'checklistItemNotInTerms',
      `${itemId} (${item.label}): the terms give ${gap.lacks}, so the agreement cannot state it; the terms must name it (${gap.field}).`,
      item.citation,
    ),
  );
}
