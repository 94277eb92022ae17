/**
 * The API's side of who may do what: it asks the domain (`domain/authorisation.ts`) and throws what
 * `apiErrorOfRefusal` makes of a refusal. Who may see an arrangement, create one, or issue a command,
 * and what a principal's lists cover, are the domain's rules; the workflow's validator re-checks scope
 * and role on every action, and finer rules (e.g. the proposer of a variation may not decide it) are
 * the workflow's to refuse.
 */
import {
  whyActorMayNotCreate,
  whyActorMayNotSetPolicy,
  whyRoleMayNotIssue,
  type Actor,
  type CommandType,
  type CreateArrangementInput,
  type PolicyBounds,
} from '../domain';
import { apiErrorOfRefusal } from './refusal-errors';

/** Throws 403 when the actor's role may never issue this command (the domain's role table). */
export function assertRoleMayIssue(actor: Actor, type: CommandType): void {
  const refusal = whyRoleMayNotIssue(actor, type);
  if (refusal) throw apiErrorOfRefusal(refusal);
}

/** Throws 403 unless the actor may create this arrangement (the domain's rule: an administrator, or an officer of one of its partners). */
export function assertMayCreate(actor: Actor, input: CreateArrangementInput): void {
  const refusal = whyActorMayNotCreate(actor, input);
  if (refusal) throw apiErrorOfRefusal(refusal);
}

/** Throws 403 naming the policy field unless the actor may override it (administrators, within the deployment's bounds). */
export function assertMaySetPolicy(actor: Actor, input: CreateArrangementInput, bounds: PolicyBounds = {}): void {
  const refusal = whyActorMayNotSetPolicy(actor, input.policy, bounds);
  if (refusal) throw apiErrorOfRefusal(refusal);
}
