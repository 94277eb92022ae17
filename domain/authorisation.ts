import type { Actor } from './actors';
import type { ArrangementState } from './arrangement-state';
import { CITATIONS } from './citations';
import { actionRequiresRole, type Command } from './commands';
import { refusal, type Refusal } from './refusal';

const CONSENT_COMMANDS: readonly Command['type'][] = ['grantConsent', 'refuseConsent'];

/**
 * Re-checks who may issue a command (§13.1, inferred): the role must be allowed, a partner officer must
 * act for a party (or, for consents, for the consenting HA), an RO officer must belong to the arrangement's region.
 */
export function whyActorIsRefused(state: ArrangementState, command: Command, actor: Actor): Refusal | undefined {
  const roles = actionRequiresRole(command.type);
  if (!roles.includes(actor.role)) {
    return refusal('roleNotPermitted', `A ${actor.role} cannot ${command.type}; it needs one of: ${roles.join(', ')}.`, CITATIONS.actors);
  }
  if (actor.role === 'partnerOfficer') {
    const org = actor.organisationId;
    const isParty = org !== undefined && state.terms.partners.some((p) => p.id === org);
    const isConsentingHa = CONSENT_COMMANDS.includes(command.type) && 'healthAuthorityId' in command && command.healthAuthorityId === org;
    if (CONSENT_COMMANDS.includes(command.type) && !isConsentingHa) {
      return refusal('notTheConsentingAuthority', 'Only the Health Authority whose consent is needed (or an administrator) can record it.', CITATIONS.trustConsent);
    }
    if (!isParty && !isConsentingHa) {
      return refusal('notAPartnerOfficer', 'Only officers of the partner bodies can act on this arrangement.', CITATIONS.actors);
    }
  }
  if (actor.role === 'regionalOfficeOfficer' && actor.region !== state.terms.regionalOffice.region) {
    return refusal('notTheRegionalOffice', `Only the ${state.terms.regionalOffice.region} Regional Office can act on this arrangement.`, CITATIONS.notification);
  }
  return undefined;
}

/**
 * The partner an actor acts for in a per-partner step (sign, attest, consider, give notice): a partner
 * officer acts for their own body; an administrator must name the partner.
 */
export function actingPartnerId(state: ArrangementState, actor: Actor, named: string | undefined): string | Refusal {
  if (actor.role === 'partnerOfficer') {
    if (named !== undefined && named !== actor.organisationId) {
      return refusal('cannotActForAnotherPartner', 'A partner officer can only act for their own body.', CITATIONS.actors, ['partnerId']);
    }
    return actor.organisationId ?? '';
  }
  if (named === undefined) return refusal('partnerIdRequired', 'Name the partner you are acting for.', CITATIONS.actors, ['partnerId']);
  if (!state.terms.partners.some((p) => p.id === named)) {
    return refusal('notAPartner', `${named} is not a partner in this arrangement.`, CITATIONS.partnerMix, ['partnerId']);
  }
  return named;
}
