/**
 * Finds an arrangement the caller may see, by reference. Reads take one state Query and check the
 * returned state's partners, region and consenting Health Authorities (the domain's scope rule);
 * `findVisibleArrangement` takes one `describe` (no worker needed) for the routes that need the
 * execution's status. Not found and not visible answer the same 404.
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
 * The state of an arrangement the actor may see, from one Query (which a closed workflow answers
 * too); throws 404 when it does not exist or the actor may not see it.
 */
export async function readVisibleState(temporal: TemporalGateway, actor: Actor, ref: string): Promise<ArrangementState> {
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
  if (actor.role === 'partnerOfficer' && (await isConsentingOrganisation(temporal, actor, ref))) return description;
  throw arrangementNotFound(ref);
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
