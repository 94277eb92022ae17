import type { z } from 'zod';
import { lazySchema } from './lazy-schema';
import { boundedList, financialYearSchema, idSchema, MAX_AMOUNT_PENCE, MAX_PARTNERS, nameSchema, regionSchema, textSchema } from './bounds';
import { dateStringSchema } from './calendar';
import { contactSchema, partnerSchema, sectorOf, type Partner } from './partners';

/** The three arrangement types; lead commissioning and integrated provision are delegation modes (reg 2(1), 7–9). */
export const ARRANGEMENT_TYPES = ['pooledFund', 'leadCommissioning', 'integratedProvision'] as const;

/** An arrangement type. */
export type ArrangementType = (typeof ARRANGEMENT_TYPES)[number];

/** A delegation of functions from one partner to another, commissioning or providing on its behalf. */
export const delegationSchema = lazySchema((z) =>
  z
    .strictObject({
      delegatorId: idSchema.describe('The body whose functions are delegated; it stays liable (s31(5))'),
      delegateId: idSchema.describe('The body that exercises the functions'),
      mode: z.enum(['commissioning', 'provision']),
      functionIds: boundedList(idSchema).min(1),
    })
    .describe("A delegation; the regulation (8 or 9) follows from the delegate's sector"),
);

/** A delegation of functions from one partner to another. */
export type Delegation = z.infer<typeof delegationSchema>;

/** One partner's contribution to a pooled fund for one financial year. */
export const contributionSchema = lazySchema((z) =>
  z.strictObject({
    partnerId: idSchema,
    financialYear: financialYearSchema.describe('Financial year named by its starting year'),
    amountPence: z.number().int().nonnegative().max(MAX_AMOUNT_PENCE),
    kind: z.enum(['revenue', 'capital']).describe('Only revenue may be pooled (HSC para 4)'),
  }),
);

/** One partner's contribution to a pooled fund for one financial year. */
export type Contribution = z.infer<typeof contributionSchema>;

/** The pooled fund of reg 7: host partner, pool manager and contributions. */
export const pooledFundSchema = lazySchema((z) =>
  z.strictObject({
    hostPartnerId: idSchema,
    poolManager: contactSchema,
    financeOfficer: contactSchema
      .optional()
      .describe("The host's finance officer: the pool's escalations reach them at the line officer step"),
    // Every partner, each financial year of a long arrangement, revenue and capital: 20 × 10 × 2.
    contributions: boundedList(contributionSchema, 400),
  }),
);

/** The pooled fund of reg 7: host partner, pool manager and contributions. */
export type PooledFund = z.infer<typeof pooledFundSchema>;

/** How the Regional Office gate works: acknowledgement of notification (HSC 11) or approval (EN 239, inferred). */
export const regionalOfficeGateModeSchema = lazySchema((z) => z.enum(['notifyAck', 'approve']));

/** How the Regional Office gate works. */
export type RegionalOfficeGateMode = z.infer<typeof regionalOfficeGateModeSchema>;

/**
 * Longest notice of termination: 730 days (inferred). No period is prescribed: the agreement's
 * termination clause sets it (SI 617 reg 7(3)(f), 9(3)(f) [V]). Two years is longer than any notice an
 * arrangement of a few years would sensibly carry, and keeps every derived date near its inputs.
 */
export const MAX_TERMINATION_NOTICE_DAYS = 730;

/** Everything the partners agree and that a variation can change. */
export const arrangementTermsSchema = lazySchema((z) =>
  z
    .strictObject({
      partners: boundedList(partnerSchema, MAX_PARTNERS).min(1),
      types: boundedList(z.enum(ARRANGEMENT_TYPES), ARRANGEMENT_TYPES.length).min(1),
      delegations: boundedList(delegationSchema),
      pooledFund: pooledFundSchema.optional(),
      clientGroups: boundedList(nameSchema).min(1).describe('The persons for whom the functions may be exercised'),
      serviceKinds: boundedList(nameSchema).min(1),
      functionIds: boundedList(idSchema).min(1).describe('Catalogue ids of every function covered'),
      aims: boundedList(textSchema).min(1).describe('Agreed aims and outcomes'),
      startDate: dateStringSchema,
      endDate: dateStringSchema.describe('Last day the arrangement is in force'),
      reviewDate: dateStringSchema,
      terminationNoticeDays: z
        .number()
        .int()
        .nonnegative()
        .max(MAX_TERMINATION_NOTICE_DAYS)
        .describe(`Days of notice a partner gives to end the arrangement (0–${MAX_TERMINATION_NOTICE_DAYS})`),
      regionalOfficeGate: regionalOfficeGateModeSchema,
      regionalOffice: z.strictObject({
        region: regionSchema,
        officer: contactSchema,
        manager: contactSchema.optional().describe("The officer's manager: the Regional Office's overdue escalations reach them"),
      }),
      consultees: boundedList(z.strictObject({ group: nameSchema, contact: contactSchema })),
    })
    .describe('The terms of a section 31 partnership arrangement'),
);

/** Everything the partners agree and that a variation can change. */
export type ArrangementTerms = z.infer<typeof arrangementTermsSchema>;

/** The regulation a delegation falls under, derived from the delegate's sector: reg 9 to an LA, reg 8 to an NHS body. */
export type DelegationRegulation = 'reg8' | 'reg9';

/** Finds a partner by id. */
export function partnerById(terms: ArrangementTerms, id: string): Partner | undefined {
  return terms.partners.find((p) => p.id === id);
}

/** The regulation of a delegation, or undefined when its delegate is not a partner (or not a prescribed body). */
export function regulationOf(terms: ArrangementTerms, delegation: Delegation): DelegationRegulation | undefined {
  const delegate = partnerById(terms, delegation.delegateId);
  const sector = delegate && sectorOf(delegate.kind);
  if (!sector) return undefined;
  // SI 617 reg 9 [V]: LAs exercise NHS functions; reg 8 (unverified): NHS bodies exercise LA functions.
  return sector === 'localAuthority' ? 'reg9' : 'reg8';
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
