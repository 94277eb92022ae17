/**
 * Arrangements as resources: create one (starting its workflow, idempotently), read its state, what
 * it waits for and its audit trail, and list the ones the caller may see through one visibility query.
 */
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/client';
import { Router } from 'express';
import {
  createArrangement,
  healthAuthoritiesNamedIn,
  listScopeOf,
  mergePolicy,
  englandDays,
  isWithinScope,
  termsVersions,
  refusalOfAll,
  whyDraftTermsAreRefused,
  type Actor,
  type ArrangementPolicy,
  type ArrangementTerms,
  type CreateArrangementInput,
} from '../../domain';
import { arrangementWorkflowId } from '../../workflows/contract';
import { searchAttributesAtStart } from '../../workflows/listing';
import { assertMayCreate, assertMaySetPolicy } from '../access';
import { findVisibleArrangement, refOfWorkflowId } from '../arrangement-lookup';
import { actorOf } from '../auth';
import type { ApiDeps } from '../deps';
import { ApiError, idempotencyKeyReused } from '../errors';
import { fingerprintOf } from '../fingerprint';
import { pageTokens } from '../page-token';
import { createBodySchema, requestHeadersSchema, listQuerySchema, readQuerySchema, refParamsSchema, versionParamsSchema } from '../schemas';
import { listFromReadModel, readModelView } from '../read-model-reads';
import { invalidInputOfRefusal } from '../refusal-errors';
import { isGrpcInvalidArgument } from '../temporal-errors';
import type { ExecutionDescription, ListedExecution } from '../temporal-gateway';
import { readStateOrClosure } from '../register-reads';
import { logOutcome } from '../request-logger';
import { parseRequestPart } from '../validate';
import { arrangementQuery } from '../visibility-query';

/** Memo keys written at creation; the workflow carries its memo across continue-as-new. */
interface CreationMemo {
  ref?: string;
  /** Of the create request's body: a retried create compares it to tell a resend (200) from a clash (409). */
  fingerprint?: string;
  createdBy?: string;
  idempotencyKey?: string;
  /** HAs the terms could ask for a consent (`healthAuthoritiesNamedIn`): any other non-party is refused without a Query. */
  consentCandidates?: string[];
}

/** Links a client follows from an arrangement. */
export function linksOf(ref: string): { self: string; whyWaiting: string; audit: string } {
  const self = `/arrangements/${encodeURIComponent(ref)}`;
  return { self, whyWaiting: `${self}/why-waiting`, audit: `${self}/audit` };
}

/** One list row from a visibility record (the read model's rows are `summaryOf` in store/ and workflows/). */
export function listRowOfExecution(execution: ListedExecution) {
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
function assertTermsMayStand(terms: ArrangementTerms, policy: ArrangementPolicy, now: number): void {
  const refusal = refusalOfAll(whyDraftTermsAreRefused(terms, englandDays.today(now), now, policy));
  if (refusal) throw invalidInputOfRefusal(refusal, ['terms']);
}

/** Throws the 422 when the arrangement holding the reference was created with this Idempotency-Key (and another body). */
function assertKeyNotReused(existing: ExecutionDescription | undefined, idempotencyKey: string): void {
  if ((existing?.memo as CreationMemo | undefined)?.idempotencyKey === idempotencyKey) throw idempotencyKeyReused(idempotencyKey);
}

/** The 409 for a reference held by an arrangement created with another body. */
function referenceInUse(ref: string): ApiError {
  return new ApiError('conflict', `Reference '${ref}' is already used by an arrangement created with a different body.`, [
    { path: 'body.ref', message: 'Already in use with different terms; choose another reference or resend the original body' },
  ]);
}

/** 400 for a page token this API did not issue for these filters (checked before Temporal is asked). */
const invalidPageToken = (cause?: unknown): ApiError =>
  new ApiError(
    'invalidRequest',
    'The page token is not valid for this query.',
    [{ path: 'query.pageToken', message: 'Use the nextPageToken of the previous page with the same filters' }],
    cause === undefined ? {} : { cause },
  );

/** What a create answers: the reference, its workflow, whether this request started it, and where to read it. */
export interface CreatedArrangement {
  ref: string;
  workflowId: string;
  /** False when the same body had already created it (a resend). */
  created: boolean;
  links: ReturnType<typeof linksOf>;
}

/**
 * Creates an arrangement for `actor` from a validated body: who may create, the policy override and
 * the terms' rules are checked first (throwing the `ApiError` a caller answers with), the reference is
 * reserved in the register, then the workflow starts. A resend of the same body answers `created: false`;
 * another body for a reference in use throws 409. The JSON API and the web's check-your-answers page
 * both create through here.
 */
export async function createArrangementAs(
  deps: ApiDeps,
  actor: Actor,
  input: CreateArrangementInput,
  idempotencyKey?: string,
): Promise<CreatedArrangement> {
  assertMayCreate(actor, input);
  assertMaySetPolicy(actor, input, deps.policyBounds);
  const now = (deps.now ?? Date.now)();
  // The state the workflow will create first: its policy (the deployment's merged with the request's) is
  // the one the terms are checked against, and its listing gives the search attributes the start sets.
  const first = createArrangement({ ...input, policy: mergePolicy(deps.policy, input.policy) }, actor, now);
  assertTermsMayStand(input.terms, first.policy, now);

  const workflowId = arrangementWorkflowId(input.ref);
  const fingerprint = fingerprintOf(input);
  const memo: CreationMemo = {
    ref: input.ref,
    fingerprint,
    createdBy: actor.id,
    ...(idempotencyKey ? { idempotencyKey } : {}),
    consentCandidates: healthAuthoritiesNamedIn(input.terms),
  };
  const links = linksOf(input.ref);
  const resent: CreatedArrangement = { ref: input.ref, workflowId, created: false, links };
  // The register reserves the reference for good, whatever Temporal later forgets.
  const registration = await deps.register?.reserve({ ref: input.ref, workflowId, fingerprint, createdBy: actor.id });
  if (registration && !registration.reserved) {
    const held = registration.entry;
    if (held.closure || (held.fingerprint !== undefined && held.fingerprint !== fingerprint)) {
      // A closed arrangement is never restarted: the same body reads as a resend, any other clashes.
      if (held.fingerprint === fingerprint) return resent;
      // The register keeps no key, the workflow's memo does (while Temporal holds it): the same key is a 422, as below.
      if (idempotencyKey !== undefined) assertKeyNotReused(await describeOrUndefined(deps, workflowId), idempotencyKey);
      throw referenceInUse(input.ref);
    }
  }
  try {
    await deps.temporal.startArrangement({
      workflowId,
      taskQueue: deps.taskQueue,
      input: { create: input, createdBy: actor, ...(deps.policy ? { policy: deps.policy } : {}) },
      memo: memo as Record<string, unknown>,
      // The listing of the state the workflow will create first, from the function its upserts use.
      searchAttributes: searchAttributesAtStart(first),
    });
    // Started by this request: the start itself is the proof, so no further call is needed.
    return { ...resent, created: true };
  } catch (err) {
    // The ID is taken, by a running or a closed arrangement (never restarted): compare with it below.
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }

  const existing = await describeOrUndefined(deps, workflowId);
  const existingFingerprint = (existing?.memo as CreationMemo | undefined)?.fingerprint;
  if (existing && existingFingerprint === fingerprint) return resent;
  if (idempotencyKey !== undefined) assertKeyNotReused(existing, idempotencyKey);
  // Created before the register existed: the entry this request just made must hold the body that owns the reference.
  if (registration?.reserved && existingFingerprint) await deps.register?.adoptFingerprint(input.ref, existingFingerprint);
  throw referenceInUse(input.ref);
}

/** Routes under /arrangements (the actions live in `actions.ts`). */
export function arrangementRoutes(deps: ApiDeps): Router {
  const router = Router();
  const tokens = pageTokens(deps.pageTokenKey);

  router.post('/arrangements', async (req, res) => {
    const { 'idempotency-key': idempotencyKey } = parseRequestPart(
      requestHeadersSchema,
      { 'idempotency-key': req.get('idempotency-key') },
      'header',
    );
    const input: CreateArrangementInput = parseRequestPart(createBodySchema, req.body ?? {}, 'body');
    const created = await createArrangementAs(deps, actorOf(req), input, idempotencyKey);
    logOutcome(res, { ref: input.ref, workflowId: created.workflowId, created: created.created });
    res
      .status(created.created ? 201 : 200)
      .location(created.links.self)
      .json(created);
  });

  router.get('/arrangements', async (req, res) => {
    const actor = actorOf(req);
    const query = parseRequestPart(listQuerySchema, req.query, 'query');
    if (deps.readModel) return void (await listFromReadModel(deps.readModel, tokens, req, res, listScopeOf(actor), query));
    const visibility = arrangementQuery(deps.taskQueue, listScopeOf(actor), query);
    const serverToken = query.pageToken === undefined ? undefined : tokens.open(visibility, query.pageToken);
    if (query.pageToken !== undefined && serverToken === undefined) throw invalidPageToken();
    let page;
    try {
      page = await deps.temporal.list(visibility, query.pageSize, serverToken);
    } catch (err) {
      if (serverToken && isGrpcInvalidArgument(err)) throw invalidPageToken(err);
      throw err;
    }
    res.json({
      items: page.executions.map(listRowOfExecution),
      ...(page.nextPageToken ? { nextPageToken: tokens.seal(visibility, page.nextPageToken) } : {}),
    });
  });

  router.get('/arrangements/:ref', async (req, res) => {
    const { ref } = parseRequestPart(refParamsSchema, req.params, 'params');
    const { consistent } = parseRequestPart(readQuerySchema, req.query, 'query');
    const actor = actorOf(req);
    if (deps.readModel && consistent !== 'true') {
      const read = await deps.readModel.readArrangement(ref);
      // Not yet projected, or not the caller's by party or region (a consenting Health Authority, an
      // outsider): the workflow and the register answer, with their own visibility rule.
      if (read && isWithinScope(actor, { partnerIds: read.partners.map((p) => p.id), region: read.region }))
        return void res.json(readModelView(read));
    }
    res.json(await readStateOrClosure(deps, actor, ref));
  });

  router.get('/arrangements/:ref/why-waiting', async (req, res) => {
    const { ref } = parseRequestPart(refParamsSchema, req.params, 'params');
    await findVisibleArrangement(deps.temporal, actorOf(req), ref);
    res.json(await deps.temporal.queryWhyWaiting(arrangementWorkflowId(ref)));
  });

  router.get('/arrangements/:ref/audit', async (req, res) => {
    const { ref } = parseRequestPart(refParamsSchema, req.params, 'params');
    const state = await readStateOrClosure(deps, actorOf(req), ref);
    res.json({ ref, entries: state.audit });
  });

  router.get('/arrangements/:ref/versions', async (req, res) => {
    const { ref } = parseRequestPart(refParamsSchema, req.params, 'params');
    const state = await readStateOrClosure(deps, actorOf(req), ref);
    res.json({ ref, current: state.version, versions: termsVersions(state) });
  });

  router.get('/arrangements/:ref/versions/:n', async (req, res) => {
    const { ref, n } = parseRequestPart(versionParamsSchema, req.params, 'params');
    const state = await readStateOrClosure(deps, actorOf(req), ref);
    const version = termsVersions(state).find((v) => v.n === n);
    if (!version)
      throw new ApiError('notFound', `Arrangement '${ref}' has no version ${n} on record.`, [
        {
          path: 'params.n',
          message: `Versions on record: ${termsVersions(state)
            .map((v) => v.n)
            .join(', ')}.`,
        },
      ]);
    res.json({ ref, ...version });
  });

  return router;
}
