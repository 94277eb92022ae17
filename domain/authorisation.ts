import type { Actor } from './actors';
import type { ArrangementState } from './arrangement-state';
import { CITATIONS } from './citations';
import { actionRequiresRole, isIssuedByConsentingAuthority } from './command-registry';
import type { Command } from './commands';
import { requiredTrustConsents } from './eligibility';
import { refusal, type Refusal } from './refusal';

/** The scope of an arrangement's terms in force. */
const scopeOf = (state: ArrangementState): ArrangementScope => ({
  partnerIds: state.terms.partners.map((p) => p.id),
  region: state.terms.regionalOffice.region,
});

/**
 * Codes of the refusals that mean "this arrangement is outside the actor's scope": the actor may not
 * even see it, so a caller must answer them exactly as it answers an arrangement that does not exist.
 */
export const OUT_OF_SCOPE_CODES: readonly string[] = ['notAPartnerOfficer', 'notTheRegionalOffice'];

/** Code of the refusal that means the actor's role may never issue the command (checked after scope). */
export const ROLE_NOT_PERMITTED = 'roleNotPermitted';

/**
 * True when `organisationId` is a Health Authority whose consent an NHS trust partner needs (reg 7(2),
 * 9(2)): for the terms in force, for the terms last checked at the preconditions, or for a pending
 * variation. Such an HA is not a party, yet may see the arrangement and record its consent.
 */
export function isConsentingAuthority(state: ArrangementState, organisationId: string | undefined): boolean {
  if (organisationId === undefined) return false;
  const needed = [
    ...requiredTrustConsents(state.terms, state.policy),
    ...(state.preconditions?.consents ?? []),
    ...(state.variation?.consents ?? []),
  ];
  return needed.some((c) => c.healthAuthorityId === organisationId);
}

/** Who is party to an arrangement and which Regional Office region it belongs to: what decides who sees it. */
export interface ArrangementScope {
  partnerIds: readonly string[];
  region?: string;
}

/**
 * True when an arrangement with this scope is the actor's (§13.1, inferred): a partner officer of a
 * party, a Regional Office officer of its region, or an administrator. The API applies it to search
 * attributes, where the consenting-HA case of `whyActorIsOutOfScope` cannot be seen.
 */
export function isWithinScope(actor: Actor, scope: ArrangementScope): boolean {
  switch (actor.role) {
    case 'administrator':
      return true;
    case 'partnerOfficer':
      return actor.organisationId !== undefined && scope.partnerIds.includes(actor.organisationId);
    case 'regionalOfficeOfficer':
      return actor.region !== undefined && scope.region === actor.region;
    case 'system':
      return false;
  }
}

/**
 * Whether the arrangement is within the actor's scope (§13.1, inferred): a partner officer of a party
 * or of a consenting Health Authority, a Regional Office officer of its region, or an administrator.
 * Returns the refusal (one of `OUT_OF_SCOPE_CODES`) when it is not. The system actor is never out of
 * scope; its role keeps it from every command.
 */
export function whyActorIsOutOfScope(state: ArrangementState, actor: Actor): Refusal | undefined {
  switch (actor.role) {
    case 'partnerOfficer':
      return isWithinScope(actor, scopeOf(state)) || isConsentingAuthority(state, actor.organisationId)
        ? undefined
        : refusal('notAPartnerOfficer', 'Only officers of the partner bodies can act on this arrangement.', CITATIONS.actors);
    case 'regionalOfficeOfficer':
      return isWithinScope(actor, scopeOf(state))
        ? undefined
        : refusal(
            'notTheRegionalOffice',
            `Only the ${state.terms.regionalOffice.region} Regional Office can act on this arrangement.`,
            CITATIONS.notification,
          );
    case 'administrator':
    case 'system':
      return undefined;
  }
}

/**
 * Re-checks who may issue a command (§13.1, inferred), in this order: the arrangement must be in the
 * actor's scope (`whyActorIsOutOfScope`), the role must be allowed, and a partner officer must act for
 * a party or, for consents, for the consenting HA it names. Scope comes first so that someone who may
 * not see the arrangement learns nothing more about it, not even that their role could never act.
 */
export function whyActorIsRefused(state: ArrangementState, command: Command, actor: Actor): Refusal | undefined {
  const outOfScope = whyActorIsOutOfScope(state, actor);
  if (outOfScope) return outOfScope;
  const roles = actionRequiresRole(command.type);
  if (!roles.includes(actor.role)) {
    return refusal(ROLE_NOT_PERMITTED, `A ${actor.role} cannot ${command.type}; it needs one of: ${roles.join(', ')}.`, CITATIONS.actors);
  }
  if (actor.role === 'partnerOfficer') {
    const org = actor.organisationId;
    if (isIssuedByConsentingAuthority(command.type)) {
      const isConsentingHa = 'healthAuthorityId' in command && command.healthAuthorityId === org;
      return isConsentingHa
        ? undefined
        : refusal(
            'notTheConsentingAuthority',
            'Only the Health Authority whose consent is needed (or an administrator) can record it.',
            CITATIONS.trustConsent,
          );
    }
    if (!state.terms.partners.some((p) => p.id === org)) {
      // In scope only as a consenting HA: it may see the arrangement, so this is a rule, not a 404.
      return refusal(
        'consentingAuthorityOnly',
        'A Health Authority that is not a partner can only record the consent asked of it.',
        CITATIONS.trustConsent,
      );
    }
  }
  return undefined;
}
