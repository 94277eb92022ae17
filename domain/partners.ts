import { z } from 'zod';
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

/** Which side of a partnership a body sits on. */
export type Sector = 'nhs' | 'localAuthority';

const NHS_KINDS: readonly PartnerKind[] = ['healthAuthority', 'primaryCareTrust', 'nhsTrust'];

/** The sector of a partner kind: HA, PCT and NHS trust are NHS bodies (reg 3(1)); the rest are LAs (reg 3(2)). */
export function sectorOf(kind: PartnerKind): Sector {
  return NHS_KINDS.includes(kind) ? 'nhs' : 'localAuthority';
}

/** True when the kind is on the closed lists of SI 2000/617 reg 3. */
export function isPrescribedKind(kind: string): kind is PartnerKind {
  return (PARTNER_KINDS as readonly string[]).includes(kind);
}

/** A named person who receives notifications. */
export const contactSchema = z
  .strictObject({
    name: nameSchema,
    email: emailSchema,
  })
  .describe('A named person and their email address');

/** A named person who receives notifications. */
export type Contact = z.infer<typeof contactSchema>;

/** An NHS contract (NHS and Community Care Act 1990 s4(1)) held by a trust with an HA, for the consent rule of §4.5. */
export const nhsContractSchema = z.strictObject({
  healthAuthorityId: idSchema,
  clientGroups: boundedList(nameSchema),
});

/** An NHS contract held by an NHS trust, by commissioning HA and client groups covered. */
export type NhsContract = z.infer<typeof nhsContractSchema>;

/** A partner body: a prescribed NHS body or local authority with its officers and RO region. */
export const partnerSchema = z
  .strictObject({
    id: idSchema,
    name: nameSchema,
    kind: z.enum(PARTNER_KINDS),
    region: regionSchema.describe('NHS Executive regional office region the body lies in'),
    contactOfficer: contactSchema,
    chiefOfficer: contactSchema,
    lineManager: contactSchema
      .optional()
      .describe("The contact officer's line manager: the escalation's line officer step reaches them (issue 12 §2)"),
    nhsContracts: boundedList(nhsContractSchema, 20).optional().describe('NHS trusts only: contracts with HAs (SI 617 reg 7(2), 9(2))'),
  })
  .describe('A partner body');

/** A partner body: a prescribed NHS body or local authority with its officers and RO region. */
export type Partner = z.infer<typeof partnerSchema>;
