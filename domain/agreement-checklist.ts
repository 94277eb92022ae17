import { regulationOf, type ArrangementTerms } from './arrangement-terms';
import { catalogueFunction } from './function-catalogue';
import { DEFAULT_POLICY, type ArrangementPolicy } from './policy';

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
    // The cross-cutting items, in the table's order; the manual-review item only where a function needs one.
    ...group('X-').filter((id) => id !== 'X-MANUAL-REVIEW' || manualReview),
  ];
  return ids.filter((id) => policy.requireInferredChecklistItems || !checklistItem(id).inferred);
}
