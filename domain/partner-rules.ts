import { CITATIONS } from './citations';
import type { EligibilityRule } from './eligibility';
import { isPrescribedKind, NON_PRESCRIBED_KINDS, sectorOf, type NonPrescribedKind } from './partners';
import { refusal, type Refusal } from './refusal';

// The partner-mix rule of eligibility: who may be a party, and the NHS and local-authority sides.

/** The partners' names, for a message: "A, B and C". */
const namesOf = (partners: readonly { name: string }[]): string =>
  partners.length <= 1
    ? (partners[0]?.name ?? '')
    : `${partners
        .slice(0, -1)
        .map((p) => p.name)
        .join(', ')} and ${partners.at(-1)?.name ?? ''}`;

/**
 * C1: one or more NHS bodies and one or more LAs, of prescribed kinds only (reg 2(1), 3 [V]). Each
 * refusal names the piece at fault: the body not prescribed (with the advice for its kind), the partner
 * entered twice, the side that is missing.
 */
export const partnerMix: EligibilityRule = (terms) => {
  const out: Refusal[] = [];
  terms.partners.forEach((p, i) => {
    if (!isPrescribedKind(p.kind)) {
      // A kind outside both lists (from a client that skipped the schema) gets the bare rule.
      const kind = (NON_PRESCRIBED_KINDS as Record<string, NonPrescribedKind | undefined>)[p.kind];
      const message = kind
        ? `${p.name} is ${kind.label}, which is not a prescribed NHS body or local authority. ${kind.advice}`
        : `${p.name} is not a prescribed NHS body or local authority.`;
      out.push(refusal('partnerKindNotPrescribed', message, kind?.citation ?? CITATIONS.prescribedBodies, ['partners', i, 'kind']));
    }
  });
  terms.partners.forEach((p, i) => {
    if (terms.partners.findIndex((q) => q.id === p.id) < i) {
      out.push(
        refusal('duplicatePartner', `Partner ${p.id} (${p.name}) appears more than once; list each partner once.`, CITATIONS.partnerMix, [
          'partners',
          i,
          'id',
        ]),
      );
    }
  });
  const prescribed = terms.partners.filter((p) => isPrescribedKind(p.kind));
  const nhs = prescribed.filter((p) => sectorOf(p.kind) === 'nhs');
  const las = prescribed.filter((p) => sectorOf(p.kind) === 'localAuthority');
  const addNhs = 'add a Health Authority, a Primary Care Trust or an NHS trust';
  const addLa = 'add a district, county, county borough or London borough council, or the Common Council of the City of London';
  let mix: string | undefined;
  if (nhs.length === 0 && las.length === 0)
    mix = `The partners include neither an NHS body nor a local authority: ${addNhs}, and ${addLa}.`;
  else if (las.length === 0) mix = `The partners include no local authority (${namesOf(nhs)}: NHS bodies only): ${addLa}.`;
  else if (nhs.length === 0) mix = `The partners include no NHS body (${namesOf(las)}: local authorities only): ${addNhs}.`;
  if (mix) out.push(refusal('partnerMixInvalid', mix, CITATIONS.partnerMix, ['partners']));
  return out;
};
