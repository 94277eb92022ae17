/**
 * Finds an arrangement the caller may see, by reference. Whether the caller may see it is decided
 * from one `describe` (search attributes and memo: no worker, no replay) before any Query, so an
 * arrangement the caller may not see answers as an unknown one does, in status, body and time; only a
 * non-party HA named in the terms (a possible consenting authority) costs a Query to decide.
 */
import { WorkflowNotFoundError } from '@temporalio/client';
import { isConsentingAuthority, isWithinScope, maySeeArrangement, type Actor, type ArrangementState } from '../domain';
import { arrangementWorkflowId } from '../workflows/contract';
import { arrangementNotFound } from './errors';
import type { ExecutionDescription, TemporalGateway } from './temporal-gateway';

/** Prefix of every arrangement's workflow ID, from the contract's own helper. */
const WORKFLOW_ID_PREFIX = arrangementWorkflowId('');

/** The reference of an arrangement's workflow ID. */
export function refOfWorkflowId(workflowId: string): string {
  return workflowId.startsWith(WORKFLOW_ID_PREFIX) ? workflowId.slice(WORKFLOW_ID_PREFIX.length) : workflowId;
}

/**
 * The state of an arrangement the actor may see: first a `describe` decides whether the actor may see
 * it (no worker and no replay needed, so an arrangement the actor may not see answers exactly as, and as
 * fast as, one that does not exist), then one Query (which a closed workflow answers too). Throws 404
 * when it does not exist or the actor may not see it.
 */
export async function readVisibleState(temporal: TemporalGateway, actor: Actor, ref: string): Promise<ArrangementState> {
  await findVisibleArrangement(temporal, actor, ref);
  let state: ArrangementState;
  try {
    state = await temporal.queryState(arrangementWorkflowId(ref));
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) throw arrangementNotFound(ref, err);
    throw err;
  }
  if (maySeeArrangement(actor, state)) return state;
  throw arrangementNotFound(ref);
}

/** Describes the arrangement, or throws 404 when it does not exist or the actor may not see it. */
export async function findVisibleArrangement(temporal: TemporalGateway, actor: Actor, ref: string): Promise<ExecutionDescription> {
  let description: ExecutionDescription;
  try {
    description = await temporal.describe(arrangementWorkflowId(ref));
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) throw arrangementNotFound(ref, err);
    throw err;
  }
  if (isWithinScope(actor, { partnerIds: description.partnerIds, region: description.region })) return description;
  if (actor.role === 'partnerOfficer' && mayBeConsenting(description, actor) && (await isConsentingOrganisation(temporal, actor, ref))) {
    return description;
  }
  throw arrangementNotFound(ref);
}

/**
 * Whether the actor's organisation is among the HAs the terms could ask for consent, from the memo the
 * API writes at creation; arrangements created before it was written answer yes (the Query decides).
 */
function mayBeConsenting(description: ExecutionDescription, actor: Actor): boolean {
  const candidates = description.memo.consentCandidates;
  return !Array.isArray(candidates) || (actor.organisationId !== undefined && candidates.includes(actor.organisationId));
}

/**
 * A Health Authority whose consent an NHS trust partner needs (reg 7(2), 9(2)) is not a party, yet
 * must see the arrangement and record its consent. Which HAs those are is the domain's answer, from
 * the state; only non-party partner officers pay for this Query.
 */
async function isConsentingOrganisation(temporal: TemporalGateway, actor: Actor, ref: string): Promise<boolean> {
  if (actor.organisationId === undefined) return false;
  return isConsentingAuthority(await temporal.queryState(arrangementWorkflowId(ref)), actor.organisationId);
}
