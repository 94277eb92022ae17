/**
 * One POST per lifecycle action, generated from the domain's `commandSchemas`: the body is the
 * command without its `type`, the actor comes from the token, the read model (or a describe) decides
 * whether the caller may see the arrangement, and the workflow's Update validator decides the rest, who may act included. A retry with the same `Idempotency-Key` reuses the Update ID, so it
 * applies once.
 */
import { createHash } from 'node:crypto';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { Router } from 'express';
import leven from 'leven';
import { COMMAND_TYPES, isFinished, isWithinScope, type Actor, type Command, type CommandType } from '../../domain';
import { arrangementWorkflowId, IDEMPOTENCY_KEY_REUSED, keyedUpdateId, type CommandResult } from '../../workflows/contract';
import { assertRoleMayIssue } from '../access';
import { findVisibleArrangement } from '../arrangement-lookup';
import { actorOf } from '../auth';
import type { ApiDeps } from '../deps';
import { ApiError, idempotencyKeyReused } from '../errors';
import { fingerprintOf } from '../fingerprint';
import { apiErrorOfRefusal } from '../refusal-errors';
import { actionBodySchemas, requestHeadersSchema, refParamsSchema } from '../schemas';
import { logOutcome } from '../request-logger';
import { refusalOfUpdateFailure } from '../temporal-errors';
import type { ExecutionDescription, TemporalGateway } from '../temporal-gateway';
import { parseRequestPart } from '../validate';

/** The path of an action on an arrangement, e.g. `/arrangements/:ref/approve`. */
export const actionPath = (type: CommandType): string => `/arrangements/:ref/${type}`;

/**
 * The Update ID for a keyed request: scoped to the actor and the action, so two people (or two
 * actions) reusing a key never receive each other's result.
 */
export function updateIdFor(actor: Actor, type: CommandType, idempotencyKey: string, body: unknown = {}): string {
  const digest = createHash('sha256').update(`${actor.id}\n${type}\n${idempotencyKey}`).digest('hex').slice(0, 32);
  return keyedUpdateId(`${type}:${digest}`, fingerprintOf(body).slice(0, 32));
}

const isKeyReuseFailure = (err: unknown): boolean =>
  err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure && err.cause.type === IDEMPOTENCY_KEY_REUSED;

/** The 409 for an action on an arrangement that has ended (after the role check: a role that may never act gets its 403). */
function closedTo(actor: Actor, type: CommandType, ref: string, description: ExecutionDescription, cause?: unknown): ApiError {
  assertRoleMayIssue(actor, type);
  return new ApiError(
    'arrangementClosed',
    `Arrangement '${ref}' is ${description.status ?? 'finished'}; it takes no more actions.`,
    [],
    cause === undefined ? {} : { cause },
  );
}

/**
 * Rethrows a failed action as what the caller may learn, following the allow/deny table: a refusal
 * of the validator by its rule (`apiErrorOfRefusal`: 404 out of scope, 403 for a role that may never
 * act, else 409), and an arrangement that closed after the visibility check as closed.
 */
async function rethrowActionFailure(
  temporal: TemporalGateway,
  actor: Actor,
  ref: string,
  type: CommandType,
  err: unknown,
  idempotencyKey?: string,
): Promise<never> {
  if (idempotencyKey !== undefined && isKeyReuseFailure(err)) throw idempotencyKeyReused(idempotencyKey, err);
  const refusal = refusalOfUpdateFailure(err);
  if (refusal) throw apiErrorOfRefusal(refusal, { ref, cause: err });
  if (err instanceof WorkflowNotFoundError) {
    const description = await findVisibleArrangement(temporal, actor, ref);
    if (description.executionStatus !== 'RUNNING') throw closedTo(actor, type, ref, description, err);
  }
  throw err;
}

/**
 * Decides, before the Update, whether the caller may see the arrangement, so one outside the caller's
 * scope answers 404 as an unknown one does, even with no worker running, where the Update would wait
 * and answer 503 (issue 16 §2). The read model's summary row (one primary-key read in PostgreSQL)
 * settles the common case, an unfinished arrangement among the caller's parties or region, without a
 * round trip to Temporal; any other case (not yet projected, finished, or outside the row's scope,
 * e.g. a consenting Health Authority) is decided by the describe, as before. A row that lags the
 * workflow changes no answer: the Update's validator re-checks scope (refused: 404) and who may act,
 * and an Update on a closed workflow is answered as closed by `rethrowActionFailure`.
 * Throws the 404, or the 403/409 `closedTo` gives for an arrangement that has ended.
 */
async function assertMaySeeBeforeActing(
  deps: Pick<ApiDeps, 'temporal' | 'readModel'>,
  actor: Actor,
  ref: string,
  type: CommandType,
): Promise<void> {
  const row = await deps.readModel?.readSummary(ref);
  if (row && !isFinished(row) && isWithinScope(actor, { partnerIds: row.partners.map((p) => p.id), region: row.region })) return;
  const description = await findVisibleArrangement(deps.temporal, actor, ref);
  if (description.executionStatus !== 'RUNNING') throw closedTo(actor, type, ref, description);
}

/**
 * Sends one command to the arrangement's workflow as the Update named after it, as `actor`; the
 * workflow's validator decides (who may act included) and a refusal is thrown as the `ApiError` the
 * allow/deny table gives it. The JSON API and the web's action forms both act through here.
 */
export async function executeAction(
  deps: Pick<ApiDeps, 'temporal' | 'readModel'>,
  actor: Actor,
  ref: string,
  command: Command,
  idempotencyKey?: string,
): Promise<CommandResult> {
  const { type: _type, ...body } = command;
  await assertMaySeeBeforeActing(deps, actor, ref, command.type);
  return deps.temporal
    .executeCommand(
      arrangementWorkflowId(ref),
      { command, actor },
      idempotencyKey ? updateIdFor(actor, command.type, idempotencyKey, body) : undefined,
    )
    .catch((err: unknown) => rethrowActionFailure(deps.temporal, actor, ref, command.type, err, idempotencyKey));
}

/** Routes for every command type. */
export function actionRoutes(deps: ApiDeps): Router {
  const router = Router();
  for (const type of COMMAND_TYPES) {
    router.post(actionPath(type), async (req, res) => {
      const actor = actorOf(req);
      const { ref } = parseRequestPart(refParamsSchema, req.params, 'params');
      const { 'idempotency-key': idempotencyKey } = parseRequestPart(
        requestHeadersSchema,
        { 'idempotency-key': req.get('idempotency-key') },
        'header',
      );
      const body = parseRequestPart(actionBodySchemas[type], req.body ?? {}, 'body');

      const result = await executeAction(deps, actor, ref, { ...body, type } as Command, idempotencyKey);
      logOutcome(res, { ref, action: type, arrangementStatus: result.status, auditIndex: result.auditIndex });
      res.json({ ref, ...result });
    });
  }
  // Any other name is not an action: say which ones it is closest to, so a typo is a step, not a dead end.
  router.post('/arrangements/:ref/:action', (req) => {
    actorOf(req);
    const action = String(req.params.action);
    const nearest = nearestActions(action);
    throw new ApiError(
      'notFound',
      `There is no action '${action}'.${nearest.length > 0 ? ` Did you mean ${nearest.join(' or ')}?` : ''} The actions are listed in /openapi.json.`,
      [{ path: 'params.action', message: nearest.length > 0 ? `Nearest actions: ${nearest.join(', ')}` : 'Not an action' }],
    );
  });
  return router;
}

/**
 * The action names nearest to `name` (case-insensitive edit distance, at most a third of its length,
 * closest first, up to three; a name that starts or ends another counts as near).
 */
export function nearestActions(name: string): CommandType[] {
  const wanted = name.toLowerCase();
  const limit = Math.max(2, Math.floor(wanted.length / 3));
  return COMMAND_TYPES.map((type) => {
    const candidate = type.toLowerCase();
    const affix = wanted.length >= 4 && (candidate.startsWith(wanted) || candidate.endsWith(wanted));
    return { type, distance: affix ? 0 : leven(wanted, candidate) };
  })
    .filter((c) => c.distance <= limit)
    .sort((a, b) => a.distance - b.distance)
    .slice(0, 3)
    .map((c) => c.type);
}
