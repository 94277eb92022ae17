import { z } from 'zod';
import { dateStringSchema } from './calendar';
import { contactSchema, partnerSchema, sectorOf, type Partner } from './partners';

/** The three arrangement types; lead commissioning and integrated provision are delegation modes (reg 2(1), 7–9). */
export const ARRANGEMENT_TYPES = ['pooledFund', 'leadCommissioning', 'integratedProvision'] as const;

/** An arrangement type. */
export type ArrangementType = (typeof ARRANGEMENT_TYPES)[number];

/** A delegation of functions from one partner to another, commissioning or providing on its behalf. */
export const delegationSchema = z
  .object({
    delegatorId: z.string().min(1).describe('The body whose functions are delegated; it stays liable (s31(5))'),
    delegateId: z.string().min(1).describe('The body that exercises the functions'),
    mode: z.enum(['commissioning', 'provision']),
    functionIds: z.array(z.string().min(1)).min(1),
  })
  .describe("A delegation; the regulation (8 or 9) follows from the delegate's sector");

/** A delegation of functions from one partner to another. */
export type Delegation = z.infer<typeof delegationSchema>;

/** One partner's contribution to a pooled fund for one financial year. */
export const contributionSchema = z.object({
  partnerId: z.string().min(1),
  financialYear: z.number().int().describe('Financial year named by its starting year'),
  amountPence: z.number().int().nonnegative(),
  kind: z.enum(['revenue', 'capital']).describe('Only revenue may be pooled (HSC para 4)'),
});

/** One partner's contribution to a pooled fund for one financial year. */
export type Contribution = z.infer<typeof contributionSchema>;

/** The pooled fund of reg 7: host partner, pool manager and contributions. */
export const pooledFundSchema = z.object({
  hostPartnerId: z.string().min(1),
  poolManager: contactSchema,
  contributions: z.array(contributionSchema),
});

/** The pooled fund of reg 7: host partner, pool manager and contributions. */
export type PooledFund = z.infer<typeof pooledFundSchema>;

/** How the Regional Office gate works: acknowledgement of notification (HSC 11) or approval (EN 239, inferred). */
export const regionalOfficeGateModeSchema = z.enum(['notifyAck', 'approve']);

/** How the Regional Office gate works. */
export type RegionalOfficeGateMode = z.infer<typeof regionalOfficeGateModeSchema>;

/** Everything the partners agree and that a variation can change. */
export const arrangementTermsSchema = z
  .object({
    partners: z.array(partnerSchema).min(1),
    types: z.array(z.enum(ARRANGEMENT_TYPES)).min(1),
    delegations: z.array(delegationSchema),
    pooledFund: pooledFundSchema.optional(),
    clientGroups: z.array(z.string().min(1)).min(1).describe('The persons for whom the functions may be exercised'),
    serviceKinds: z.array(z.string().min(1)).min(1),
    functionIds: z.array(z.string().min(1)).min(1).describe('Catalogue ids of every function covered'),
    aims: z.array(z.string().min(1)).min(1).describe('Agreed aims and outcomes'),
    startDate: dateStringSchema,
    endDate: dateStringSchema.describe('Last day the arrangement is in force'),
    reviewDate: dateStringSchema,
    terminationNoticeDays: z.number().int().nonnegative(),
    regionalOfficeGate: regionalOfficeGateModeSchema,
    regionalOffice: z.object({ region: z.string().min(1), officer: contactSchema }),
    consultees: z.array(z.object({ group: z.string().min(1), contact: contactSchema })),
  })
  .describe('The terms of a section 31 partnership arrangement');

/** Everything the partners agree and that a variation can change. */
export type ArrangementTerms = z.infer<typeof arrangementTermsSchema>;

/** The regulation a delegation falls under, derived from the delegate's sector: reg 9 to an LA, reg 8 to an NHS body. */
export type DelegationRegulation = 'reg8' | 'reg9';

/** Finds a partner by id. */
export function partnerById(terms: ArrangementTerms, id: string): Partner | undefined {
  return terms.partners.find((p) => p.id === id);
}

/** The regulation of a delegation, or undefined when its delegate is not a partner. */
export function regulationOf(terms: ArrangementTerms, delegation: Delegation): DelegationRegulation | undefined {
  const delegate = partnerById(terms, delegation.delegateId);
  if (!delegate) return undefined;
  // SI 617 reg 9 [V]: LAs exercise NHS functions; reg 8 (unverified): NHS bodies exercise LA functions.
  return sectorOf(delegate.kind) === 'localAuthority' ? 'reg9' : 'reg8';
}

/** The body liable for a delegation: always the delegator (Health Act 1999 s31(5) [V]); not editable. */
export function liableBodyIdOf(delegation: Delegation): string {
  return delegation.delegatorId;
}

/** Total pooled-fund contributions for a financial year, in pence (the pool size, §7 inferred invariant). */
export function poolSizeFor(terms: ArrangementTerms, financialYear: number): number {
  return (terms.pooledFund?.contributions ?? [])
    .filter((c) => c.financialYear === financialYear)
    .reduce((sum, c) => sum + c.amountPence, 0);
}

/** Ids of the partners that report on the arrangement: the host partner of a pool and every delegate. */
export function reportingPartnerIds(terms: ArrangementTerms): string[] {
  const ids = [...(terms.pooledFund ? [terms.pooledFund.hostPartnerId] : []), ...terms.delegations.map((d) => d.delegateId)];
  return [...new Set(ids)];
}
