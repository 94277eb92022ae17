/**
 * Who may see and act on which arrangement, as the API applies the domain's scope rule: a partner officer
 * sees the arrangements its organisation is party to (or must consent to), a Regional Office officer
 * those of its region, an administrator all. Anything the caller may not see answers 404, so
 * existence never leaks. Which role may issue which command comes from the domain
 * (`actionRequiresRole`); the workflow's validator re-checks scope and role on every action, and
 * finer rules (e.g. the proposer of a variation may not decide it) are the workflow's to refuse.
 */
import {
  actionRequiresRole,
  whyActorIsOutOfScope,
  type Actor,
  type ArrangementState,
  type CommandType,
  type CreateArrangementInput,
} from '../domain';
import { ApiError } from './errors';

/**
 * True when `actor` may see an arrangement in this state: the domain's scope rule, the one the
 * workflow's validator applies to actions (a party, a consenting Health Authority, its Regional
 * Office, an administrator). The system actor is never a caller.
 */
export function canSeeState(actor: Actor, state: ArrangementState): boolean {
  return actor.role !== 'system' && whyActorIsOutOfScope(state, actor) === undefined;
}

/** The 403 for a command the actor's role may never issue (the domain's role table). */
export function roleRefused(actor: Actor, type: CommandType, cause?: unknown): ApiError {
  const roles = actionRequiresRole(type);
  return new ApiError(
    'forbidden',
    `A ${actor.role} may not ${type}; it is for: ${roles.join(', ')}.`,
    [],
    cause === undefined ? {} : { cause },
  );
}

/** Throws 403 when the actor's role may never issue this command (the domain's role table). */
export function assertRoleMayIssue(actor: Actor, type: CommandType): void {
  if (!actionRequiresRole(type).includes(actor.role)) throw roleRefused(actor, type);
}

/** Throws 403 unless the actor may create this arrangement: an administrator, or an officer of one of its partners. */
export function assertMayCreate(actor: Actor, input: CreateArrangementInput): void {
  if (actor.role === 'administrator') return;
  if (
    actor.role === 'partnerOfficer' &&
    actor.organisationId !== undefined &&
    input.terms.partners.some((p) => p.id === actor.organisationId)
  ) {
    return;
  }
  throw new ApiError(
    'forbidden',
    actor.role === 'partnerOfficer'
      ? 'You may only create arrangements your organisation is a partner to.'
      : `A ${actor.role} may not create arrangements; partner officers and administrators may.`,
  );
}

/** The restriction a list must carry for `actor`: its organisation, its region, or none (administrators). */
export type ListScope = { partnerId: string } | { region: string } | { all: true } | { nothing: true };

/** What `actor` may list. */
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
