import { partnerById, regulationOf, type ArrangementTerms } from './arrangement-terms';
import { isAfter, isBefore } from './calendar';
import { catalogueFunction } from './function-catalogue';
import { sectorOf } from './partners';
import { DEFAULT_POLICY, type ArrangementPolicy } from './policy';
import { refusal, type Refusal } from './refusal';

/** Ids of the written-agreement particulars (section31.md §6), used as checklist keys. */
export const CHECKLIST_ITEM_IDS = [
  'PF-A',
  'PF-B',
  'PF-C',
  'PF-D',
  'PF-E',
  'PF-F',
  'PF-G',
  'PF-H',
  'D9-A',
  'D9-B',
  'D9-C',
  'D9-D',
  'D9-E',
  'D9-F',
  'D9-G',
  'D8-A',
  'D8-B',
  'D8-C',
  'D8-D',
  'D8-E',
  'D8-F',
  'D8-G',
  'X-TYPES',
  'X-LIABILITY',
  'X-GOVERNANCE',
  'X-STAFF',
  'X-REVIEW-DATE',
  'X-REPORTING',
  'X-MANUAL-REVIEW',
] as const;

/** A checklist key for one required particular of the agreement. */
export type ChecklistItemId = (typeof CHECKLIST_ITEM_IDS)[number];

/** A required particular, its label, citation, and whether it rests on unverified or inferred sources. */
export interface ChecklistItem {
  id: ChecklistItemId;
  label: string;
  citation: string;
  /** True for PF-H, D8-* and §6.4 items: required by default, switchable by policy. */
  inferred: boolean;
}

const R7 = 'SI 2000/617 reg 7(3)';
const R9 = 'SI 2000/617 reg 9(3)';
const R8 = 'SI 2000/617 reg 8 (unverified: mirror of reg 9(3))';
const X = 'section31.md §6.4 (inferred)';

/** Every checklist item with its label and citation. */
export const CHECKLIST_ITEMS: readonly ChecklistItem[] = [
  { id: 'PF-A', label: 'Agreed aims and outcomes of the pooled fund arrangements', citation: `${R7}(a) [V]`, inferred: false },
  { id: 'PF-B', label: "Each partner's contribution and how contributions may be varied", citation: `${R7}(b) [V]`, inferred: false },
  { id: 'PF-C', label: 'The NHS functions and health-related functions covered', citation: `${R7}(c) [V]`, inferred: false },
  { id: 'PF-D', label: 'The persons (client group) and kinds of services concerned', citation: `${R7}(d) [V]`, inferred: false },
  { id: 'PF-E', label: 'Staff, goods, services or accommodation each partner provides', citation: `${R7}(e) [V]`, inferred: false },
  { id: 'PF-F', label: 'Duration, and provision for review, variation and termination', citation: `${R7}(f) [V]`, inferred: false },
  { id: 'PF-G', label: 'How the pooled fund is managed and monitored', citation: `${R7}(g) [V-partial]`, inferred: false },
  {
    id: 'PF-H',
    label: 'Identity of the host partner and the pool manager',
    citation: 'SI 2000/617 reg 7 (unverified); inferred',
    inferred: true,
  },
  { id: 'D9-A', label: 'Agreed aims and outcomes', citation: `${R9}(a) [V]`, inferred: false },
  { id: 'D9-B', label: 'Payments by the NHS bodies to the LAs and how they may be varied', citation: `${R9}(b) [V]`, inferred: false },
  { id: 'D9-C', label: 'The NHS functions and health-related functions covered', citation: `${R9}(c) [V]`, inferred: false },
  { id: 'D9-D', label: 'Persons and kinds of services concerned', citation: `${R9}(d) [V]`, inferred: false },
  { id: 'D9-E', label: 'Staff, goods, services or accommodation provided by the partners', citation: `${R9}(e) [V]`, inferred: false },
  { id: 'D9-F', label: 'Duration, and provision for review, variation and termination', citation: `${R9}(f) [V]`, inferred: false },
  { id: 'D9-G', label: 'Arrangements for monitoring how the LAs exercise the functions', citation: `${R9}(g) [V]`, inferred: false },
  { id: 'D8-A', label: 'Aims and outcomes', citation: R8, inferred: true },
  { id: 'D8-B', label: 'Payments by the LAs to the NHS bodies and how they may be varied', citation: R8, inferred: true },
  { id: 'D8-C', label: 'Functions covered', citation: R8, inferred: true },
  { id: 'D8-D', label: 'Persons and kinds of services', citation: R8, inferred: true },
  { id: 'D8-E', label: 'Staff, goods, services, accommodation', citation: R8, inferred: true },
  { id: 'D8-F', label: 'Duration; review, variation and termination provision', citation: R8, inferred: true },
  {
    id: 'D8-G',
    label: 'Arrangements for monitoring how the NHS bodies exercise the health-related functions',
    citation: R8,
    inferred: true,
  },
  { id: 'X-TYPES', label: 'Types, and for each delegation the delegator, delegate, mode and functions', citation: X, inferred: true },
  {
    id: 'X-LIABILITY',
    label: 'Liability statement: each delegating body remains liable; no clause transfers statutory liability',
    citation: 'Health Act 1999 s31(5) [V]; EN 240 [V]',
    inferred: false,
  },
  {
    id: 'X-GOVERNANCE',
    label: 'Governance body, for example a partnership board',
    citation: `HSC 2000/010 para 9 [V]; ${X}`,
    inferred: true,
  },
  { id: 'X-STAFF', label: 'Staff secondment or transfer terms', citation: `HSC 2000/010 para 7 [V]; ${X}`, inferred: true },
  { id: 'X-REVIEW-DATE', label: 'Review date', citation: `SI 2000/617 reg 7(3)(f), 9(3)(f) [V]; ${X}`, inferred: true },
  { id: 'X-REPORTING', label: 'Quarterly and annual reporting calendar', citation: `SI 2000/617 reg 9(4) [V]; ${X}`, inferred: true },
  {
    id: 'X-MANUAL-REVIEW',
    label: 'Manual review that functions flagged for possible invasive treatment exclude them',
    citation: 'SI 2000/618 reg 2(2) [V]; section31.md §5.1 (inferred: manual review of X-INVASIVE)',
    inferred: true,
  },
];

/** Looks up a checklist item. */
export function checklistItem(id: ChecklistItemId): ChecklistItem {
  const item = CHECKLIST_ITEMS.find((i) => i.id === id);
  if (!item) throw new RangeError(`Unknown checklist item ${id}`);
  return item;
}

const group = (prefix: string): ChecklistItemId[] => CHECKLIST_ITEMS.filter((i) => i.id.startsWith(prefix)).map((i) => i.id);

/**
 * The particulars this agreement must contain: PF-* for a pooled fund (reg 7(3)), D9-* for reg 9
 * delegations, D8-* for reg 8 ones, plus the cross-cutting items of §6.4. Inferred and unverified
 * items are dropped when `policy.requireInferredChecklistItems` is false; X-LIABILITY never is.
 */
export function requiredChecklistItems(terms: ArrangementTerms, policy: ArrangementPolicy = DEFAULT_POLICY): ChecklistItemId[] {
  const regulations = new Set(terms.delegations.map((d) => regulationOf(terms, d)));
  const manualReview = terms.functionIds.some((id) => catalogueFunction(id)?.manualReview === true);
  const ids: ChecklistItemId[] = [
    ...(terms.pooledFund || terms.types.includes('pooledFund') ? group('PF-') : []),
    ...(regulations.has('reg9') ? group('D9-') : []),
    ...(regulations.has('reg8') ? group('D8-') : []),
    'X-TYPES',
    'X-LIABILITY',
    'X-GOVERNANCE',
    'X-STAFF',
    'X-REVIEW-DATE',
    'X-REPORTING',
    ...(manualReview ? (['X-MANUAL-REVIEW'] as const) : []),
  ];
  return ids.filter((id) => policy.requireInferredChecklistItems || !checklistItem(id).inferred);
}

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
