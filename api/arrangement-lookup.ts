/**
 * Finds an arrangement the caller may see, by reference: one `describe` (no worker needed) whose
 * search attributes say who is party to it. Not found and not visible answer the same 404.
 */
import { WorkflowNotFoundError } from '@temporalio/client';
import { requiredTrustConsents, type Actor } from '../domain';
import { arrangementWorkflowId } from '../workflows/contract';
import { canSee } from './access';
import { arrangementNotFound } from './errors';
import type { ExecutionDescription, TemporalGateway } from './temporal-gateway';

/** Prefix of every arrangement's workflow ID, from the contract's own helper. */
const WORKFLOW_ID_PREFIX = arrangementWorkflowId('');

/** The reference of an arrangement's workflow ID. */
export function refOfWorkflowId(workflowId: string): string {
  return workflowId.startsWith(WORKFLOW_ID_PREFIX) ? workflowId.slice(WORKFLOW_ID_PREFIX.length) : workflowId;
}

/** Describes the arrangement, or throws 404 when it does not exist or the actor may not see it. */
export async function findVisibleArrangement(temporal: TemporalGateway, actor: Actor, ref: string): Promise<ExecutionDescription> {
  let description: ExecutionDescription;
  try {
    description = await temporal.describe(arrangementWorkflowId(ref));
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) throw arrangementNotFound(ref);
    throw err;
  }
  if (canSee(actor, { partnerIds: description.partnerIds, region: description.region })) return description;
  if (actor.role === 'partnerOfficer' && (await isConsentingAuthority(temporal, actor, ref))) return description;
  throw arrangementNotFound(ref);
}

/**
 * A Health Authority whose consent an NHS trust partner needs (reg 7(2), 9(2)) is not a party, yet
 * must see the arrangement and record its consent. Which HAs those are is the domain's answer, from
 * the state; only non-party partner officers pay for this Query.
 */
async function isConsentingAuthority(temporal: TemporalGateway, actor: Actor, ref: string): Promise<boolean> {
  const org = actor.organisationId;
  if (org === undefined) return false;
  const state = await temporal.queryState(arrangementWorkflowId(ref));
  return requiredTrustConsents(state.terms, state.policy).some((c) => c.healthAuthorityId === org);
}
