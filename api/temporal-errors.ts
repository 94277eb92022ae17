/**
 * Translates what `@temporalio/client` throws into the API's error vocabulary: a refused command
 * becomes 409 with the rule's citation (but 404 when the arrangement is outside the caller's scope,
 * and 403 when the caller's role may never issue it), a missing workflow 404, and an unreachable
 * server or a missing worker 503 with Retry-After, so callers know to try again rather than fix
 * their input.
 */
import {
  isGrpcServiceError,
  ServiceError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { Refusal } from '../domain';
import { OUT_OF_SCOPE_CODES, ROLE_NOT_PERMITTED } from '../domain';
import { ApiError } from './errors';

/** Seconds a client should wait before retrying after a 503. */
export const RETRY_AFTER_SECONDS = 5;

// gRPC status codes that mean "the service or a worker is not there right now", not "you asked wrong".
const TRANSIENT_GRPC_CODES = new Set([
  1, // CANCELLED (our own deadline fired)
  4, // DEADLINE_EXCEEDED (no worker answered a query or update in time)
  8, // RESOURCE_EXHAUSTED (rate limits, too many in-flight updates)
  14, // UNAVAILABLE (server down or unreachable)
]);

/** The refusal carried by a failure's `details[0]`, when it has the domain's shape. */
export function refusalOf(failure: ApplicationFailure): Refusal | undefined {
  const candidate = failure.details?.[0] as Partial<Refusal> | undefined;
  if (candidate && typeof candidate.code === 'string' && typeof candidate.message === 'string' && typeof candidate.citation === 'string') {
    return candidate as Refusal;
  }
  return undefined;
}

/** The domain's refusal of a failed Update (validator or handler), if it is one. */
export function refusalOfUpdateFailure(err: unknown): Refusal | undefined {
  return err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure ? refusalOf(err.cause) : undefined;
}

/** Whether a refusal says the arrangement is outside the actor's scope: answered as "not found", so existence never leaks. */
export const isOutOfScope = (refusal: Refusal): boolean => OUT_OF_SCOPE_CODES.includes(refusal.code);

/** Whether a refusal says the actor's role may never issue the command: answered 403. */
export const isRoleRefusal = (refusal: Refusal): boolean => refusal.code === ROLE_NOT_PERMITTED;

const NOT_FOUND_MESSAGE = 'No arrangement with that reference exists that you can see.';

function grpcCode(err: unknown): number | undefined {
  if (isGrpcServiceError(err)) return err.code;
  if (err instanceof ServiceError && err.cause && isGrpcServiceError(err.cause)) return err.cause.code;
  return undefined;
}

/** Whether `err` means Temporal (or every worker) could not be reached in time. */
export function isTemporalUnavailable(err: unknown): boolean {
  if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return true;
  const code = grpcCode(err);
  if (code !== undefined) return TRANSIENT_GRPC_CODES.has(code);
  // Connection-level failures before any call reaches the server.
  return err instanceof Error && /ECONNREFUSED|ENOTFOUND|ECONNRESET|failed to connect|Connection dropped/i.test(err.message);
}

/** The ApiError for a Temporal failure, or undefined when `err` is not one the API recognises. */
export function apiErrorFromTemporal(err: unknown): ApiError | undefined {
  if (err instanceof WorkflowNotFoundError) {
    return new ApiError('notFound', NOT_FOUND_MESSAGE, [], { cause: err });
  }
  const refusal = refusalOfUpdateFailure(err);
  if (refusal) {
    // Routes answer these with the reference in hand; this is the backstop that keeps scope from leaking.
    if (isOutOfScope(refusal)) return new ApiError('notFound', NOT_FOUND_MESSAGE, [], { cause: err });
    if (isRoleRefusal(refusal)) return new ApiError('forbidden', refusal.message, [], { cause: err });
    const details = refusal.path ? [{ path: ['body', ...refusal.path.map(String)].join('.'), message: refusal.message }] : [];
    return new ApiError('ruleRefused', refusal.message, details, { citation: refusal.citation, errorCode: refusal.code, cause: err });
  }
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
