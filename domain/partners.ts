import type { z } from 'zod';
import { lazySchema } from './lazy-schema';
import { boundedList, emailSchema, idSchema, nameSchema, regionSchema } from './bounds';

/** The prescribed kinds of partner body (SI 2000/617 reg 3(1)–(2) [V]); nothing else may be a partner. */
export const PARTNER_KINDS = [
  'healthAuthority',
  'primaryCareTrust',
  'nhsTrust',
  'districtCouncil',
  'countyCouncil',
  'countyBoroughCouncil',
  'londonBoroughCouncil',
  'commonCouncilCityOfLondon',
] as const;

/** A prescribed NHS body or local authority kind (SI 2000/617 reg 3 [V]). */
export type PartnerKind = (typeof PARTNER_KINDS)[number];

/** What to say of a body the regulations do not prescribe: what it is, and what the partners can do instead. */
export interface NonPrescribedKind {
  label: string;
  /** The advice that applies, with its source. */
  advice: string;
  /** The rule the advice rests on, with its provenance marker. */
  citation: string;
}

/**
 * Bodies users try as partners that the closed lists of SI 2000/617 reg 3 [V] leave out (section31.md
 * §2.1, inferred from the closed lists). The schema accepts them so that the rules, not the schema,
 * refuse them, citing the regulation and saying what to do instead (issue 11).
 */
export const NON_PRESCRIBED_KINDS = {
  primaryCareGroup: {
    label: 'a Primary Care Group',
    advice: 'A Primary Care Group acts through its Health Authority: make the Health Authority the partner.',
    citation: 'SI 2000/617 reg 3(1)-(2) [V]; HSC 2000/010 para 3 [V] (Health Authorities "working with Primary Care Groups")',
  },
  specialHealthAuthority: {
    label: 'a Special Health Authority',
    advice: 'Only Health Authorities, Primary Care Trusts and NHS trusts are prescribed NHS bodies.',
    citation: 'SI 2000/617 reg 3(1) [V]',
  },
  communityHealthCouncil: {
    label: 'a Community Health Council',
    advice: 'A Community Health Council is consulted, not a partner: name it among the consultees.',
    citation: 'SI 2000/617 reg 3(1) [V]; HSC 2000/010 para 3 [V]',
  },
  parishOrTownCouncil: {
    label: 'a parish or town council',
    advice:
      'Only district, county, county borough and London borough councils and the Common Council are prescribed: make the district or county council the partner.',
    citation: 'SI 2000/617 reg 3(2) [V]',
  },
  voluntaryOrganisation: {
    label: 'a voluntary organisation',
    advice: 'A voluntary organisation may provide services under contract to a partner, but cannot be a partner.',
    citation: 'SI 2000/617 reg 3(1)-(2) [V]; HSC 2000/010 para 8 [V]',
  },
  independentProvider: {
    label: 'an independent provider',
    advice: 'The independent sector may provide services under contract to a partner, but cannot be a partner.',
    citation: 'SI 2000/617 reg 3(1)-(2) [V]; HSC 2000/010 para 8 [V]',
  },
  nhsFoundationTrust: {
    label: 'an NHS foundation trust',
    advice: 'NHS foundation trusts are not on the list of prescribed NHS bodies as made (they did not exist in 2000).',
    citation: 'SI 2000/617 reg 3(1) [V]',
  },
} as const satisfies Record<string, NonPrescribedKind>;

/** A kind the regulations do not prescribe, refused by the rules with advice. */
export type NonPrescribedKindId = keyof typeof NON_PRESCRIBED_KINDS;

/** Every kind a partner may be entered as: the prescribed ones, then those the rules refuse. */
export const ENTERED_PARTNER_KINDS = [...PARTNER_KINDS, ...(Object.keys(NON_PRESCRIBED_KINDS) as NonPrescribedKindId[])] as const;

/** A kind a partner may be entered as (prescribed or not). */
export type EnteredPartnerKind = PartnerKind | NonPrescribedKindId;

/** Which side of a partnership a body sits on. */
export type Sector = 'nhs' | 'localAuthority';

const NHS_KINDS: readonly PartnerKind[] = ['healthAuthority', 'primaryCareTrust', 'nhsTrust'];

/**
 * The sector of a partner kind: HA, PCT and NHS trust are NHS bodies (reg 3(1)); the other prescribed
 * kinds are LAs (reg 3(2)); a body not prescribed is on neither side (undefined).
 */
export function sectorOf(kind: EnteredPartnerKind): Sector | undefined {
  if (!isPrescribedKind(kind)) return undefined;
  return NHS_KINDS.includes(kind) ? 'nhs' : 'localAuthority';
}

/** True when the kind is on the closed lists of SI 2000/617 reg 3. */
export function isPrescribedKind(kind: string): kind is PartnerKind {
  return (PARTNER_KINDS as readonly string[]).includes(kind);
}

/** A named person who receives notifications. */
export const contactSchema = lazySchema((z) =>
  z
    .strictObject({
      name: nameSchema,
      email: emailSchema,
    })
    .describe('A named person and their email address'),
);

/** A named person who receives notifications. */
export type Contact = z.infer<typeof contactSchema>;

/** An NHS contract (NHS and Community Care Act 1990 s4(1)) held by a trust with an HA, for the consent rule of §4.5. */
export const nhsContractSchema = lazySchema((z) =>
  z.strictObject({
    healthAuthorityId: idSchema,
    clientGroups: boundedList(nameSchema),
  }),
);

/** An NHS contract held by an NHS trust, by commissioning HA and client groups covered. */
export type NhsContract = z.infer<typeof nhsContractSchema>;

/** A partner body: a prescribed NHS body or local authority with its officers and RO region. */
export const partnerSchema = lazySchema((z) =>
  z
    .strictObject({
      id: idSchema,
      name: nameSchema,
      kind: z
        .enum(ENTERED_PARTNER_KINDS)
        .describe(
          'A prescribed kind (SI 2000/617 reg 3); the non-prescribed kinds listed are accepted here and refused by the rules, with advice',
        ),
      region: regionSchema.describe('NHS Executive regional office region the body lies in'),
      contactOfficer: contactSchema,
      chiefOfficer: contactSchema,
      lineManager: contactSchema
        .optional()
        .describe("The contact officer's line manager: the escalation's line officer step reaches them (issue 12 §2)"),
      nhsContracts: boundedList(nhsContractSchema, 20).optional().describe('NHS trusts only: contracts with HAs (SI 617 reg 7(2), 9(2))'),
    })
    .describe('A partner body'),
);

/** A partner body: a prescribed NHS body or local authority with its officers and RO region. */
export type Partner = z.infer<typeof partnerSchema>;
