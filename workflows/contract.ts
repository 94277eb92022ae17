/**
 * The messages, IDs and inputs shared by the workflow, the API, the worker and the tests. Safe to
 * import from workflow code: it holds definitions only.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { ArrangementSummary as ReadModelProjection } from '../activities/activities';
import type {
  Actor,
  ArrangementPolicyInput,
  ArrangementState,
  ArrangementStatus,
  Command,
  CommandType,
  CreateArrangementInput,
  Refusal,
  WhyWaiting,
} from '../domain';

/** Workflow type name, for starts by name and visibility queries. */
export const ARRANGEMENT_WORKFLOW_TYPE = 'arrangementWorkflow';

/** Default task queue; deployments may override it through config. */
export const TASK_QUEUE = 'arrangements';

/** Workflow ID of an arrangement, derived from its reference (a business key, never random). */
export const arrangementWorkflowId = (ref: string): string => `arrangement:${ref}`;

/** Everything an arrangement's workflow starts with. */
export interface ArrangementWorkflowInput {
  readonly create: CreateArrangementInput;
  /** Who created it, for the audit trail. */
  readonly createdBy: Actor;
  /** Reminder offsets and statutory periods resolved from config when the workflow starts. */
  readonly policy?: ArrangementPolicyInput;
  /** State carried over a continue-as-new; absent on the first run. */
  readonly carried?: ArrangementState;
  /**
   * Results of recent Updates by Update ID, carried over a continue-as-new: the server dedupes
   * Update IDs within one run only, and a retried command must not apply twice.
   */
  readonly recentUpdates?: Readonly<Record<string, CommandResult>>;
  /** The last revision written to the read model, carried over a continue-as-new so revisions keep rising. */
  readonly readModelRevision?: number;
}

/** Type of the ApplicationFailure a command's Update fails with when its Idempotency-Key was used for another body. */
export const IDEMPOTENCY_KEY_REUSED = 'idempotencyKeyReused';

/**
 * The Update ID of a keyed command: `<keyId>~<bodyId>`, where `keyId` names the key (scoped to the actor
 * and the action) and `bodyId` the body, so a retry with the same body is the same Update and the same key
 * with another body is told apart and refused rather than answered with the first result.
 */
export const keyedUpdateId = (keyId: string, bodyId: string): string => `${keyId}~${bodyId}`;

/**
 * True when `earlier` holds an Update ID with the key of `updateId` but another body; IDs without a
 * body part (sent before bodies were part of the ID) never clash.
 */
export function isKeyReusedWithOtherBody(earlier: Iterable<string>, updateId: string): boolean {
  const cut = updateId.lastIndexOf('~');
  if (cut < 0) return false;
  const keyPart = updateId.slice(0, cut + 1);
  for (const id of earlier) if (id !== updateId && id.startsWith(keyPart)) return true;
  return false;
}

/** One user action: the command and the actor the API authenticated. */
export interface CommandRequest {
  readonly command: Command;
  readonly actor: Actor;
}

/** What an accepted command returns to its caller. */
export interface CommandResult {
  readonly status: ArrangementStatus;
  readonly version: number;
  /** Position of the audit entry this command wrote. */
  readonly auditIndex: number;
}

/** `details[0]` of the ApplicationFailure a refused Update carries. */
export type RefusalDetails = Refusal;

/**
 * Every user action is an Update (not a Signal) so the caller learns at once whether a rule
 * allows it: the validator asks the domain and rejects with the rule's code and citation.
 *
 * This is the generic name every action used before the Updates were named after their actions; the
 * workflow still serves it, so histories and clients from before keep working. New callers use
 * {@link actionUpdate}.
 */
export const commandUpdate = defineUpdate<CommandResult, [CommandRequest]>('command');

/**
 * The Update for one action, named after it ('submitProposal', 'approve', ...), so the Temporal Web
 * UI's event history says what happened. The payload is the same {@link CommandRequest}; its
 * `command.type` must be the Update's name (refused with `invalidCommand` otherwise).
 */
export const actionUpdate = <T extends CommandType>(type: T) => defineUpdate<CommandResult, [CommandRequest], T>(type);

/** The whole state of the arrangement (detail views read this). */
export const stateQuery = defineQuery<ArrangementState>('state');

/** What the arrangement is waiting for, who must act, by when, and the rule behind it. */
export const whyWaitingQuery = defineQuery<WhyWaiting>('whyWaiting');

/**
 * The read-model write the workflow last made (with its revision), or undefined if it never wrote one
 * (started before `patched('read-model-summaries')`): what `npm run read-model:rebuild` writes back.
 */
export const readModelQuery = defineQuery<ReadModelProjection | undefined>('readModel');
