/**
 * Translates what the PostgreSQL client (`pg`, under Kysely) throws when the database is out of reach
 * into the API's vocabulary: 503 `storeUnavailable` with Retry-After, as for an unreachable Temporal,
 * so a caller knows to try again rather than fix its input. Anything else stays a 500.
 */
import { ApiError } from './errors';
import { RETRY_AFTER_SECONDS } from './temporal-errors';

// Node's codes for a connection that could not be made or was lost.
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * True for PostgreSQL's own "not now" answers (SQLSTATE): class 08 (connection exception), 53 (insufficient
 * resources, e.g. too many connections) and 57P01–57P03 (the server shutting down or starting up).
 */
const isTransientSqlState = (code: string): boolean => /^(08|53)[0-9A-Z]{3}$/.test(code) || /^57P0[1-3]$/.test(code);

/** The error and those it wraps (an AggregateError's list, a `cause`), so a refused connection is found inside. */
function* causes(err: unknown, depth = 0): Generator<unknown> {
  if (err === null || typeof err !== 'object' || depth > 4) return;
  yield err;
  if (err instanceof AggregateError) for (const inner of err.errors) yield* causes(inner, depth + 1);
  yield* causes((err as { cause?: unknown }).cause, depth + 1);
}

/** The 503 for a database out of reach, or undefined when `err` is not that. */
export function apiErrorFromStore(err: unknown): ApiError | undefined {
  for (const e of causes(err)) {
    const code = (e as { code?: unknown }).code;
    const lost = (e as { message?: unknown }).message === 'Connection terminated unexpectedly';
    if ((typeof code === 'string' && (NETWORK_CODES.has(code) || isTransientSqlState(code))) || lost) {
      // The message names no host or port: those are the deployment's, not the caller's.
      return new ApiError('storeUnavailable', 'hapa’s database cannot be reached just now; retry shortly.', [], {
        cause: err,
        retryAfterSeconds: RETRY_AFTER_SECONDS,
      });
    }
  }
  return undefined;
}
