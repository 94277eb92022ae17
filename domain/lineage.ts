import type { ActorRole } from './actors';
import type { ArrangementState, AuditEntry } from './arrangement-state';
import type { ArrangementTerms } from './arrangement-terms';
import type { DateString } from './calendar';
import { VARIATION_REASON_LABELS, type VariationClassification } from './variation';

/** One field that differs between two versions of the terms: its path (e.g. 'pooledFund.contributions.0.amountPence'). */
export interface TermsChange {
  path: string;
  /** Absent when the field is added. */
  old?: unknown;
  /** Absent when the field is removed. */
  new?: unknown;
}

/** Someone whose decision authorised a version (a signature, a consent, an approval), from the audit trail. */
export interface VersionDecision {
  action: string;
  actorId: string;
  role: ActorRole;
  organisationId?: string;
  at: number;
}

/** One version of the terms, kept for the arrangement's whole life (issue 12 §1, lineage). */
export interface TermsVersion {
  /** The agreement version, 1, 2, … (`ArrangementState.version` while it is in force). */
  n: number;
  /** The day it took effect, a day in England: the start date for the first, the decision's day for a variation. */
  effectiveDate: DateString;
  terms: ArrangementTerms;
  /** What changed from the version before; empty for the first. */
  changes: TermsChange[];
  /** For a variation: minor or material, and why (EN 239 [V]; `classifyVariation`). */
  classification?: { materiality: VariationClassification['materiality']; reasons: string[] };
  /** The variation that made it, if any. */
  variationId?: string;
  decisions: VersionDecision[];
}

/**
 * The field-level differences between two JSON values, depth first; arrays are compared item by item
 * (an item added at the end shows as a new index). Pure; values are copied by reference.
 */
export function diffTerms(before: unknown, after: unknown, path: string[] = []): TermsChange[] {
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  const at = path.join('.');
  const bothObjects = isContainer(before) && isContainer(after) && Array.isArray(before) === Array.isArray(after);
  if (!bothObjects) {
    return [{ path: at, ...(before !== undefined ? { old: before } : {}), ...(after !== undefined ? { new: after } : {}) }];
  }
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return keys.flatMap((k) => diffTerms((before as Record<string, unknown>)[k], (after as Record<string, unknown>)[k], [...path, k]));
}

const isContainer = (v: unknown): v is object => typeof v === 'object' && v !== null;

/** Audit actions that authorise terms: the signatures and the Regional Office's word for the first; the variation's decisions after. */
const AUTHORISING_ACTIONS = [
  'signAgreement',
  'grantConsent',
  'approve',
  'acknowledgeReceipt',
  'proposeVariation',
  'decideVariation',
  'signVariation',
];

function decisionsIn(audit: readonly AuditEntry[], from: number, to: number = Number.POSITIVE_INFINITY): VersionDecision[] {
  return audit
    .filter((a) => a.at >= from && a.at <= to && AUTHORISING_ACTIONS.includes(a.action))
    .map((a) => ({
      action: a.action,
      actorId: a.actorId,
      role: a.role,
      ...(a.organisationId !== undefined ? { organisationId: a.organisationId } : {}),
      at: a.at,
    }));
}

/**
 * Every version of the terms, oldest first. Arrangements varied since lineage was kept hold them in
 * `state.versions`; otherwise the terms in force are the only version known, authorised by the
 * decisions in the audit trail before any variation.
 */
export function termsVersions(state: ArrangementState): TermsVersion[] {
  if (state.versions && state.versions.length > 0) return state.versions;
  const firstVariation = state.audit.find((a) => a.action === 'proposeVariation')?.at;
  return [
    {
      n: state.version,
      effectiveDate: state.terms.startDate,
      terms: state.terms,
      changes: [],
      decisions: decisionsIn(state.audit, state.createdAt, firstVariation),
    },
  ];
}

/**
 * The lineage once a pending variation takes effect as version `state.version + 1` on `effectiveDate`:
 * the versions before, then the new one with its diff, classification and the decisions since it was proposed.
 */
export function versionsWithVariation(state: ArrangementState, effectiveDate: DateString): TermsVersion[] {
  const variation = state.variation;
  const before = termsVersions(state);
  if (!variation) return before;
  const { materiality, reasons } = variation.classification;
  return [
    ...before,
    {
      n: state.version + 1,
      effectiveDate,
      terms: variation.terms,
      changes: diffTerms(state.terms, variation.terms),
      classification: { materiality, reasons: reasons.map((r) => VARIATION_REASON_LABELS[r]) },
      variationId: variation.id,
      decisions: decisionsIn(state.audit, variation.proposedAt),
    },
  ];
}
