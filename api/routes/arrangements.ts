/**
 * Arrangements as resources: create one (starting its workflow, idempotently), read its state, what
 * it waits for and its audit trail, and list the ones the caller may see through one visibility query.
 */
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import { Router } from 'express';
import {
  createArrangement,
  listScopeOf,
  mergePolicy,
  englandDays,
  resolvePolicy,
  refusalOfAll,
  whyDraftTermsAreRefused,
  type CreateArrangementInput,
} from '../../domain';
import { arrangementWorkflowId } from '../../workflows/contract';
import { searchAttributesAtStart } from '../../workflows/listing';
import { assertMayCreate } from '../access';
import { findVisibleArrangement, readVisibleState, refOfWorkflowId } from '../arrangement-lookup';
import { actorOf } from '../auth';
import type { ApiDeps } from '../deps';
import { ApiError } from '../errors';
import { fingerprintOf } from '../fingerprint';
import { createBodySchema, requestHeadersSchema, listQuerySchema, refParamsSchema } from '../schemas';
import { invalidInputOfRefusal } from '../refusal-errors';
import { isGrpcInvalidArgument } from '../temporal-errors';
import type { ExecutionDescription, ListedExecution } from '../temporal-gateway';
import { parseRequestPart } from '../validate';
import { arrangementQuery } from '../visibility-query';

/** Memo keys written at creation; the workflow carries its memo across continue-as-new. */
interface CreationMemo {
  ref?: string;
  /** Of the create request's body: a retried create compares it to tell a resend (200) from a clash (409). */
  fingerprint?: string;
  createdBy?: string;
  idempotencyKey?: string;
}

/** Links a client follows from an arrangement. */
export function linksOf(ref: string): { self: string; whyWaiting: string; audit: string } {
  const self = `/arrangements/${encodeURIComponent(ref)}`;
  return { self, whyWaiting: `${self}/why-waiting`, audit: `${self}/audit` };
}

/** One list row from a visibility record. */
export function summaryOf(execution: ListedExecution) {
  return {
    ref: refOfWorkflowId(execution.workflowId),
    status: execution.status,
    region: execution.region,
    partnerIds: execution.partnerIds,
    types: execution.types,
    nextDeadlineAt: execution.nextDeadlineAt?.toISOString(),
    reviewDate: execution.reviewDate?.toISOString().slice(0, 10),
    running: execution.executionStatus === 'RUNNING',
  };
}

async function describeOrUndefined(deps: ApiDeps, workflowId: string): Promise<ExecutionDescription | undefined> {
  try {
    return await deps.temporal.describe(workflowId);
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return undefined;
    throw err;
  }
}

/**
 * Refuses terms that could not be submitted before any workflow starts: a start date already past and
 * every eligibility rule (the domain's rules, with the deployment's and the request's policy), all at
 * once, so the caller sees every field at fault (issue 11).
 */
function assertTermsMayStand(input: CreateArrangementInput, deps: ApiDeps, now: number): void {
  const policy = resolvePolicy(mergePolicy(deps.policy, input.policy));
  const refusal = refusalOfAll(whyDraftTermsAreRefused(input.terms, englandDays.today(now), now, policy));
  if (refusal) throw invalidInputOfRefusal(refusal, ['terms']);
}

/** Routes under /arrangements (the actions live in `actions.ts`). */
export function arrangementRoutes(deps: ApiDeps): Router {
  const router = Router();

  router.post('/arrangements', async (req, res) => {
    const actor = actorOf(req);
    const { 'idempotency-key': idempotencyKey } = parseRequestPart(
      requestHeadersSchema,
      { 'idempotency-key': req.get('idempotency-key') },
      'header',
    );
    const input: CreateArrangementInput = parseRequestPart(createBodySchema, req.body ?? {}, 'body');
    assertMayCreate(actor, input);
    const now = (deps.now ?? Date.now)();
    assertTermsMayStand(input, deps, now);

    const workflowId = arrangementWorkflowId(input.ref);
    const fingerprint = fingerprintOf(input);
    const memo: CreationMemo = { ref: input.ref, fingerprint, createdBy: actor.id, ...(idempotencyKey ? { idempotencyKey } : {}) };
    const links = linksOf(input.ref);
    try {
      await deps.temporal.startArrangement({
        workflowId,
        taskQueue: deps.taskQueue,
        input: { create: input, createdBy: actor, ...(deps.policy ? { policy: deps.policy } : {}) },
        memo: memo as Record<string, unknown>,
        // The listing of the state the workflow will create first, from the function its upserts use.
        searchAttributes: searchAttributesAtStart(
          createArrangement({ ...input, policy: mergePolicy(deps.policy, input.policy) }, actor, now),
        ),
      });
      // Started by this request: the start itself is the proof, so no further call is needed.
      req.log.info({ ref: input.ref, workflowId }, 'arrangement created');
      res.status(201).location(links.self).json({ ref: input.ref, workflowId, created: true, links });
      return;
    } catch (err) {
      // The ID is taken, by a running or a closed arrangement (never restarted): compare with it below.
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }

    const existing = await describeOrUndefined(deps, workflowId);
    if (existing && (existing.memo as CreationMemo).fingerprint === fingerprint) {
      res.status(200).location(links.self).json({ ref: input.ref, workflowId, created: false, links });
      return;
    }
    throw new ApiError('conflict', `Reference '${input.ref}' is already used by an arrangement created with a different body.`, [
      { path: 'body.ref', message: 'Already in use with different terms; choose another reference or resend the original body' },
    ]);
  });

  router.get('/arrangements', async (req, res) => {
    const actor = actorOf(req);
    const query = parseRequestPart(listQuerySchema, req.query, 'query');
    const visibility = arrangementQuery(deps.taskQueue, listScopeOf(actor), query);
    let page;
    try {
      page = await deps.temporal.list(visibility, query.pageSize, query.pageToken ? Buffer.from(query.pageToken, 'base64url') : undefined);
    } catch (err) {
      if (query.pageToken && isGrpcInvalidArgument(err)) {
        throw new ApiError('invalidRequest', 'The page token is not valid for this query.', [
          { path: 'query.pageToken', message: 'Use the nextPageToken of the previous page with the same filters' },
        ]);
      }
      throw err;
    }
    res.json({
      items: page.executions.map(summaryOf),
      ...(page.nextPageToken ? { nextPageToken: Buffer.from(page.nextPageToken).toString('base64url') } : {}),
    });
  });

  router.get('/arrangements/:ref', async (req, res) => {
    const { ref } = parseRequestPart(refParamsSchema, req.params, 'params');
    res.json(await readVisibleState(deps.temporal, actorOf(req), ref));
  });

  router.get('/arrangements/:ref/why-waiting', async (req, res) => {
    const { ref } = parseRequestPart(refParamsSchema, req.params, 'params');
    await findVisibleArrangement(deps.temporal, actorOf(req), ref);
    res.json(await deps.temporal.queryWhyWaiting(arrangementWorkflowId(ref)));
  });

  router.get('/arrangements/:ref/audit', async (req, res) => {
    const { ref } = parseRequestPart(refParamsSchema, req.params, 'params');
    const state = await readVisibleState(deps.temporal, actorOf(req), ref);
    res.json({ ref, entries: state.audit });
  });

  return router;
}
