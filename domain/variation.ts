import { apply as applyMergePatch } from 'json-merge-patch';
import { arrangementTermsSchema, poolSizeFor, type ArrangementTerms } from './arrangement-terms';
import { CITATIONS } from './citations';
import { refusal, type Refusal } from './refusal';
import type { ConsultationRecord } from './consultation';

/** Why a variation is material; stable codes with plain-language labels in VARIATION_REASON_LABELS. */
export type VariationReason =
  | 'functionsAdded'
  | 'functionsRemoved'
  | 'serviceKindsChanged'
  | 'clientGroupsAdded'
  | 'clientGroupsRemoved'
  | 'poolSizeChanged'
  | 'arrangementTypesChanged'
  | 'partnersChanged'
  | 'regionalOfficeGateChanged';

/** Plain-language description of each variation reason. */
export const VARIATION_REASON_LABELS: Record<VariationReason, string> = {
  functionsAdded: 'functions are added to the arrangement',
  functionsRemoved: 'functions are removed from the arrangement',
  serviceKindsChanged: 'the range of services changes',
  clientGroupsAdded: 'a new client group is covered',
  clientGroupsRemoved: 'a client group is no longer covered',
  poolSizeChanged: 'the size of the pooled fund changes',
  arrangementTypesChanged: 'the arrangement types or delegations change',
  partnersChanged: 'the partners change',
  regionalOfficeGateChanged: 'the Regional Office or its gate changes',
};

/** How a variation must be handled (EN 239 [V]; §11 inferred). */
export interface VariationClassification {
  materiality: 'minor' | 'material';
  reasons: VariationReason[];
  /** New persons are affected, so they must be jointly consulted first (§11, inferred). */
  needsConsultation: boolean;
  /** New functions or client groups, so the exclusions of reg 5/6 are checked again (§11, inferred). */
  needsExclusionCheck: boolean;
  newClientGroups: string[];
  newFunctionIds: string[];
}

const added = (before: string[], after: string[]): string[] => after.filter((x) => !before.includes(x));
const sameSet = (a: string[], b: string[]): boolean => added(a, b).length === 0 && added(b, a).length === 0;
const canonical = (value: unknown): string => JSON.stringify(value);

/**
 * Classifies a variation. Material (EN 239 [V]): the range of services or functions, the pool size,
 * or a new client group; also (inferred) partners, types, delegations and the RO gate. Anything else
 * (aims, dates, notice, contacts, a re-split of the same pool) is minor, under the agreement's own
 * variation clause (reg 7(3)(b), 9(3)(b) [V]).
 */
export function classifyVariation(oldTerms: ArrangementTerms, newTerms: ArrangementTerms): VariationClassification {
  const reasons: VariationReason[] = [];
  const newFunctionIds = added(oldTerms.functionIds, newTerms.functionIds);
  const newClientGroups = added(oldTerms.clientGroups, newTerms.clientGroups);
  if (newFunctionIds.length > 0) reasons.push('functionsAdded');
  if (added(newTerms.functionIds, oldTerms.functionIds).length > 0) reasons.push('functionsRemoved');
  if (!sameSet(oldTerms.serviceKinds, newTerms.serviceKinds)) reasons.push('serviceKindsChanged');
  if (newClientGroups.length > 0) reasons.push('clientGroupsAdded');
  if (added(newTerms.clientGroups, oldTerms.clientGroups).length > 0) reasons.push('clientGroupsRemoved');
  if (poolChanged(oldTerms, newTerms)) reasons.push('poolSizeChanged');
  if (!sameSet(oldTerms.types, newTerms.types) || canonical(oldTerms.delegations) !== canonical(newTerms.delegations)) {
    reasons.push('arrangementTypesChanged');
  }
  if (
    !sameSet(
      oldTerms.partners.map((p) => p.id),
      newTerms.partners.map((p) => p.id),
    )
  )
    reasons.push('partnersChanged');
  if (oldTerms.regionalOfficeGate !== newTerms.regionalOfficeGate || oldTerms.regionalOffice.region !== newTerms.regionalOffice.region) {
    reasons.push('regionalOfficeGateChanged');
  }
  const newPartners = reasons.includes('partnersChanged');
  return {
    materiality: reasons.length > 0 ? 'material' : 'minor',
    reasons,
    needsConsultation: newClientGroups.length > 0 || newFunctionIds.length > 0 || newPartners,
    needsExclusionCheck: newClientGroups.length > 0 || newFunctionIds.length > 0 || newPartners,
    newClientGroups,
    newFunctionIds,
  };
}

function poolChanged(oldTerms: ArrangementTerms, newTerms: ArrangementTerms): boolean {
  if (Boolean(oldTerms.pooledFund) !== Boolean(newTerms.pooledFund)) return true;
  const years = new Set(
    [...(oldTerms.pooledFund?.contributions ?? []), ...(newTerms.pooledFund?.contributions ?? [])].map((c) => c.financialYear),
  );
  return [...years].some((fy) => poolSizeFor(oldTerms, fy) !== poolSizeFor(newTerms, fy));
}

/** A proposed variation awaiting consultation, consents or a decision; the old terms stay in force meanwhile. */
export interface PendingVariation {
  /** Stable id, e.g. 'variation2'. */
  id: string;
  proposedAt: number;
  proposedByActorId: string;
  proposedByOrganisationId?: string;
  reason?: string;
  terms: ArrangementTerms;
  classification: VariationClassification;
  /** Who must decide: partners (minor) or the Regional Office (material). */
  decidedBy: 'partners' | 'regionalOffice';
  consultation?: ConsultationRecord;
  /** HA consents the new terms need that were not already given (§4.5). */
  consents: { trustId: string; healthAuthorityId: string; status: 'pending' | 'granted' }[];
  /** Questions the Regional Office asked about it while its clock ran; its clock stops until all are answered (issue 12 §2). */
  informationRequests?: { requestedAt: number; question: string; answeredAt?: number; answer?: string }[];
  /**
   * A material variation proposed under the signing rule (issue 12 §1): the Regional Office's answer, then
   * each partner's signature of the varied agreement; the last signature makes it take effect.
   */
  signing?: {
    regionalOffice?: { outcome: 'approved' | 'acknowledged'; at: number; byActorId: string };
    signatures: { partnerId: string; signedAt: number; byActorId: string }[];
  };
}

/**
 * The terms a proposed variation would put in force: the whole `terms` it carries, or the terms in
 * force with its `patch` applied as a JSON Merge Patch (RFC 7386: a field set replaces, null removes,
 * objects merge, arrays are replaced whole). Refused with `invalidCommand` when it carries both or
 * neither, or when the patched terms are not valid terms (the path names the field, under `patch`).
 */
export function variationTermsOf(
  current: ArrangementTerms,
  command: { patch?: Partial<Record<keyof ArrangementTerms, unknown>>; terms?: ArrangementTerms },
): { ok: true; terms: ArrangementTerms } | { ok: false; refusal: Refusal } {
  if (command.terms !== undefined && command.patch === undefined) return { ok: true, terms: command.terms };
  if (command.patch === undefined || command.terms !== undefined)
    return {
      ok: false,
      refusal: refusal('invalidCommand', 'Give either the changes as patch or the whole varied terms, not both.', CITATIONS.variation, [
        'patch',
      ]),
    };
  // The library merges into its target: it gets a copy, so the terms in force are never touched.
  const patched: unknown = applyMergePatch(JSON.parse(JSON.stringify(current)), command.patch);
  const parsed = arrangementTermsSchema.safeParse(patched);
  if (parsed.success) return { ok: true, terms: parsed.data };
  const issue = parsed.error.issues[0];
  const path = ['patch', ...(issue?.path ?? []).map((p) => (typeof p === 'number' ? p : String(p)))];
  return {
    ok: false,
    refusal: refusal(
      'invalidCommand',
      `The patched terms are not valid: ${issue?.message ?? 'unknown problem'} (at ${path.join('.')}).`,
      CITATIONS.variation,
      path,
    ),
  };
}
