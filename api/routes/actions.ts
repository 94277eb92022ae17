/**
 * One POST per lifecycle action, generated from the domain's `commandSchemas`: the body is the
 * command without its `type`, the actor comes from the token, and the workflow's Update validator
 * decides. A retry with the same `Idempotency-Key` reuses the Update ID, so it applies once.
 */
import { createHash } from 'node:crypto';
import { Router } from 'express';
import { COMMAND_TYPES, type Actor, type Command, type CommandType } from '../../domain';
import { arrangementWorkflowId } from '../../workflows/contract';
import { assertRoleMayIssue } from '../access';
import { findVisibleArrangement } from '../arrangement-lookup';
import { actorOf } from '../auth';
import type { ApiDeps } from '../deps';
import { ApiError } from '../errors';
import { actionBodySchemas, requestHeadersSchema, refParamsSchema } from '../schemas';
import { parseRequestPart } from '../validate';

/** The path of an action on an arrangement, e.g. `/arrangements/:ref/approve`. */
export const actionPath = (type: CommandType): string => `/arrangements/:ref/${type}`;

/**
 * The Update ID for a keyed request: scoped to the actor and the action, so two people (or two
 * actions) reusing a key never receive each other's result.
 */
export function updateIdFor(actor: Actor, type: CommandType, idempotencyKey: string): string {
  const digest = createHash('sha256').update(`${actor.id}\n${type}\n${idempotencyKey}`).digest('hex').slice(0, 32);
  return `${type}:${digest}`;
}

/** Routes for every command type. */
export function actionRoutes(deps: ApiDeps): Router {
  const router = Router();
  for (const type of COMMAND_TYPES) {
    router.post(actionPath(type), async (req, res) => {
      const actor = actorOf(req);
      const { ref } = parseRequestPart(refParamsSchema, req.params, 'params');
      const { 'idempotency-key': idempotencyKey } = parseRequestPart(requestHeadersSchema, { 'idempotency-key': req.get('idempotency-key') }, 'header');
      const body = parseRequestPart(actionBodySchemas[type], req.body ?? {}, 'body');

      const description = await findVisibleArrangement(deps.temporal, actor, ref);
      assertRoleMayIssue(actor, type);
      if (description.executionStatus !== 'RUNNING') {
        throw new ApiError('arrangementClosed', `Arrangement '${ref}' is ${description.status ?? 'finished'}; it takes no more actions.`);
      }

      const command = { ...body, type } as Command;
      const result = await deps.temporal.executeCommand(
        arrangementWorkflowId(ref),
        { command, actor },
        idempotencyKey ? updateIdFor(actor, type, idempotencyKey) : undefined,
      );
      req.log.info({ ref, action: type, status: result.status, auditIndex: result.auditIndex }, 'action accepted');
      res.json({ ref, ...result });
    });
  }
  return router;
}
