/**
 * Translates what `@temporalio/client` throws into the API's error vocabulary: a refused command
 * becomes what `apiErrorOfRefusal` says (409 with the rule's citation, 404 out of scope, 403 for a
 * role that may never act), a missing workflow 404, and an unreachable
 * server or a missing worker 503 with Retry-After, so callers know to try again rather than fix
 * their input.
 */
import {
  isGrpcServiceError,
  QueryNotRegisteredError,
  QueryRejectedError,
  ServiceError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { isRefusalCode, type Refusal } from '../domain';
import { ApiError, arrangementNotFound } from './errors';
import { apiErrorOfRefusal } from './refusal-errors';

/** Seconds a client should wait before retrying after a 503. */
export const RETRY_AFTER_SECONDS = 5;

// gRPC status codes that mean "the service or a worker is not there right now", not "you asked wrong".
const TRANSIENT_GRPC_CODES = new Set([
  1, // CANCELLED (our own deadline fired)
  2, // UNKNOWN (the server failed and said no more; the client has already retried it)
  4, // DEADLINE_EXCEEDED (no worker answered a query or update in time)
  8, // RESOURCE_EXHAUSTED (rate limits, too many in-flight updates)
  10, // ABORTED (a conflicting write on the server; retrying succeeds)
  13, // INTERNAL (a server-side fault, not the caller's input)
  14, // UNAVAILABLE (server down or unreachable)
]);

/** The refusal carried by a failure's `details[0]`, when it has the domain's shape. */
export function refusalOf(failure: ApplicationFailure): Refusal | undefined {
  const candidate = failure.details?.[0] as Partial<Refusal> | undefined;
  if (candidate && isRefusalCode(candidate.code) && typeof candidate.message === 'string' && typeof candidate.citation === 'string') {
    return candidate as Refusal;
  }
  return undefined;
}

/** The domain's refusal of a failed Update (validator or handler), if it is one. */
export function refusalOfUpdateFailure(err: unknown): Refusal | undefined {
  return err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure ? refusalOf(err.cause) : undefined;
}

function grpcCode(err: unknown): number | undefined {
  if (isGrpcServiceError(err)) return err.code;
  if (err instanceof ServiceError && err.cause && isGrpcServiceError(err.cause)) return err.cause.code;
  return undefined;
}

/** Whether `err` means Temporal (or every worker) could not be reached in time. */
export function isTemporalUnavailable(err: unknown): boolean {
  if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return true;
  // hapa's queries are always registered: a worker whose workflow task is failing (a bug, a deploy in
  // progress) answers a Query with this; it passes once the task succeeds, so it is a retry, not a 500.
  if (err instanceof QueryNotRegisteredError || err instanceof QueryRejectedError) return true;
  const code = grpcCode(err);
  if (code !== undefined) return TRANSIENT_GRPC_CODES.has(code);
  // Connection-level failures before any call reaches the server.
  return err instanceof Error && /ECONNREFUSED|ENOTFOUND|ECONNRESET|failed to connect|Connection dropped/i.test(err.message);
}

/** The ApiError for a Temporal failure, or undefined when `err` is not one the API recognises. */
export function apiErrorFromTemporal(err: unknown): ApiError | undefined {
  if (err instanceof WorkflowNotFoundError) return arrangementNotFound(undefined, err);
  const refusal = refusalOfUpdateFailure(err);
  // Routes answer out-of-scope refusals with the reference in hand; this is the backstop that keeps scope from leaking.
  if (refusal) return apiErrorOfRefusal(refusal, { cause: err });
  if (isTemporalUnavailable(err)) {
    return new ApiError(
      'temporalUnavailable',
      'The workflow service did not answer in time. Nothing is lost: retry shortly (with the same Idempotency-Key, if you sent one).',
      [],
      { retryAfterSeconds: RETRY_AFTER_SECONDS, cause: err },
    );
  }
  return undefined;
}

/** Whether the server refused a call's arguments (e.g. a stale page token). */
export function isGrpcInvalidArgument(err: unknown): boolean {
  return grpcCode(err) === 3;
}
