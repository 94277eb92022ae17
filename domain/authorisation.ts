import type { Actor, ActorRole } from './actors';
import type { ArrangementState, CreateArrangementInput } from './arrangement-state';
import { CITATIONS } from './citations';
import { actionRequiresRole, isIssuedByConsentingAuthority } from './command-registry';
import type { Command, CommandType } from './commands';
import { requiredTrustConsents } from './eligibility';
import { policyFieldOutOfBounds, type ArrangementPolicyInput, type PolicyBounds } from './policy';
import { refusal, type Refusal, type RefusalCode } from './refusal';

/** The scope of an arrangement's terms in force. */
const scopeOf = (state: ArrangementState): ArrangementScope => ({
  partnerIds: state.terms.partners.map((p) => p.id),
  region: state.terms.regionalOffice.region,
});

/**
 * Codes of the refusals that mean "this arrangement is outside the actor's scope": the actor may not
 * even see it, so a caller must answer them exactly as it answers an arrangement that does not exist.
 */
export const OUT_OF_SCOPE_CODES: readonly RefusalCode[] = ['notAPartnerOfficer', 'notTheRegionalOffice'];

/** Code of the refusal that means the actor's role may never issue the command (checked after scope). */
export const ROLE_NOT_PERMITTED = 'roleNotPermitted' satisfies RefusalCode;

/**
 * Codes of the refusals that mean "this actor may never do this here" about something the actor may
 * see (or that does not exist yet, for a create): unlike every other refusal, no change of state could
 * make them pass, so a caller answers them as forbidden rather than as a conflict.
 */
export const FORBIDDEN_CODES: readonly RefusalCode[] = [ROLE_NOT_PERMITTED, 'creatorNotAPartner', 'policyOverrideNotPermitted'];

/** Roles that may create an arrangement (§13.1, inferred); a partner officer only for its own organisation. */
const CREATOR_ROLES: readonly ActorRole[] = ['partnerOfficer', 'administrator'];

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

/**
 * The Health Authorities these terms could ask for a trust consent (reg 7(2), 9(2)): every HA named in
 * an NHS trust partner's NHS contracts, whatever the policy, so a superset of `requiredTrustConsents`.
 * Lets a caller rule out every other organisation without reading the state.
 */
export function healthAuthoritiesNamedIn(terms: Pick<ArrangementState['terms'], 'partners'>): string[] {
  const ids = terms.partners.flatMap((p) => (p.kind === 'nhsTrust' ? (p.nhsContracts ?? []).map((c) => c.healthAuthorityId) : []));
  return [...new Set(ids)];
}

/** Who is party to an arrangement and which Regional Office region it belongs to: what decides who sees it. */
export interface ArrangementScope {
  partnerIds: readonly string[];
  region?: string;
}

/**
 * Which arrangements an actor's lists cover (§13.1, inferred): those its organisation is party to, those
 * whose terms name its Regional Office region, all of them, or none. A caller translates it into its
 * own query language (the API into a Temporal visibility query); `isWithinScope` applies the same rule
 * to one arrangement.
 */
export type ListScope = { partnerId: string } | { region: string } | { all: true } | { nothing: true };

/**
 * What `actor` may list: a partner officer its organisation's arrangements, a Regional Office officer
 * its region's, an administrator all; an officer without an organisation or region, and the system
 * actor, nothing. Consenting Health Authorities that are not parties do not see the arrangement in
 * lists (nothing listable records them); they open it by reference.
 */
export function listScopeOf(actor: Actor): ListScope {
  switch (actor.role) {
    case 'administrator':
      return { all: true };
    case 'partnerOfficer':
      return actor.organisationId !== undefined ? { partnerId: actor.organisationId } : { nothing: true };
    case 'regionalOfficeOfficer':
      return actor.region !== undefined ? { region: actor.region } : { nothing: true };
    case 'system':
      return { nothing: true };
  }
}

/** True when an arrangement with this scope falls within `list`. */
export function isInListScope(list: ListScope, scope: ArrangementScope): boolean {
  if ('all' in list) return true;
  if ('nothing' in list) return false;
  if ('partnerId' in list) return scope.partnerIds.includes(list.partnerId);
  return scope.region === list.region;
}

/**
 * True when an arrangement with this scope is the actor's (§13.1, inferred): a partner officer of a
 * party, a Regional Office officer of its region, or an administrator; exactly what the actor's lists
 * cover (`listScopeOf`). The API applies it to search attributes, where the consenting-HA case of
 * `whyActorIsOutOfScope` cannot be seen.
 */
export function isWithinScope(actor: Actor, scope: ArrangementScope): boolean {
  return isInListScope(listScopeOf(actor), scope);
}

/**
 * True when `actor` may see an arrangement in this state (§13.1, inferred): a party, a consenting
 * Health Authority, its Regional Office, an administrator; the scope rule the workflow's validator
 * applies to every action. The system actor is never a caller, so it sees nothing this way.
 */
export function maySeeArrangement(actor: Actor, state: ArrangementState): boolean {
  return actor.role !== 'system' && whyActorIsOutOfScope(state, actor) === undefined;
}

/**
 * Who may create an arrangement with these terms (§13.1, inferred): an administrator, or a partner
 * officer of one of its partners. Returns `roleNotPermitted` for any other role and `creatorNotAPartner`
 * for a partner officer of another organisation (both in `FORBIDDEN_CODES`).
 */
export function whyActorMayNotCreate(actor: Actor, input: Pick<CreateArrangementInput, 'terms'>): Refusal | undefined {
  if (!CREATOR_ROLES.includes(actor.role)) {
    return refusal(ROLE_NOT_PERMITTED, `A ${actor.role} may not create arrangements; partner officers and administrators may.`);
  }
  if (actor.role === 'partnerOfficer' && !input.terms.partners.some((p) => p.id === actor.organisationId)) {
    return refusal('creatorNotAPartner', 'You may only create arrangements your organisation is a partner to.');
  }
  return undefined;
}

/**
 * Who may override the policy at creation (§13.1, inferred): the policy sets the periods, the reminder
 * ladder and the switches of inferred rules (a retrospective start, the inferred checklist items), which
 * the deployment owns. An administrator may override a field within the deployment's `bounds`; nobody
 * else may override any. Returns `policyOverrideNotPermitted` with the path of the first field at fault.
 */
export function whyActorMayNotSetPolicy(
  actor: Actor,
  policy: ArrangementPolicyInput | undefined,
  bounds: PolicyBounds,
): Refusal | undefined {
  const fields = Object.entries(policy ?? {}).filter(([, v]) => v !== undefined);
  const first = fields[0];
  if (first === undefined || policy === undefined) return undefined;
  if (actor.role !== 'administrator') {
    return refusal(
      'policyOverrideNotPermitted',
      `A ${actor.role} may not override the arrangement policy (${first[0]}); the deployment's policy applies.`,
      CITATIONS.actors,
      ['policy', first[0]],
    );
  }
  const outside = policyFieldOutOfBounds(policy, bounds);
  if (outside === undefined) return undefined;
  return refusal('policyOverrideNotPermitted', `Policy field ${outside.field}: ${outside.message}.`, CITATIONS.actors, [
    'policy',
    outside.field,
  ]);
}

/** The refusal when the actor's role may never issue a command of this type (the role table), else undefined. */
export function whyRoleMayNotIssue(actor: Pick<Actor, 'role'>, type: CommandType): Refusal | undefined {
  const roles = actionRequiresRole(type);
  return roles.includes(actor.role)
    ? undefined
    : refusal(ROLE_NOT_PERMITTED, `A ${actor.role} cannot ${type}; it needs one of: ${roles.join(', ')}.`, CITATIONS.actors);
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
  const roleRefused = whyRoleMayNotIssue(actor, command.type);
  if (roleRefused) return roleRefused;
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
