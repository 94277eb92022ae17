/**
 * The API's one error vocabulary. Every failure a caller can see is an `ApiError` with a stable
 * code, an HTTP status and, where it helps, the fields at fault or the rule that refused. The error
 * middleware turns anything else (zod, Temporal, body-parser) into one of these first.
 */

/** One field at fault: where it is (`body.terms.startDate`, `query.status`) and what is wrong. */
export interface ErrorDetail {
  path: string;
  message: string;
  /** The rule's code, when a rule refused several things at once (each detail is one refusal). */
  code?: string;
  /** That rule's citation. */
  citation?: string;
}

/** The JSON body of every error response. */
export interface ErrorBody {
  error: string;
  message: string;
  details: ErrorDetail[];
  citation?: string;
}

/** Stable error codes, each with the status it answers with. */
export const ERROR_STATUS = {
  invalidRequest: 400,
  invalidJson: 400,
  unauthenticated: 401,
  forbidden: 403,
  notFound: 404,
  conflict: 409,
  ruleRefused: 409,
  arrangementClosed: 409,
  payloadTooLarge: 413,
  unsupportedMediaType: 415,
  idempotencyKeyReused: 422,
  internal: 500,
  temporalUnavailable: 503,
  storeUnavailable: 503,
} as const;

/** A stable error code. */
export type ErrorCode = keyof typeof ERROR_STATUS;

/** An error the API answers with as it is: status, code, plain-language message, details. */
export class ApiError extends Error {
  /** HTTP status the code maps to. */
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetail[] = [],
    readonly extras: {
      citation?: string;
      /** Replaces `code` in the body's `error`, e.g. the domain rule's own code for a refusal. */
      errorCode?: string;
      retryAfterSeconds?: number;
      cause?: unknown;
    } = {},
  ) {
    super(message, extras.cause === undefined ? undefined : { cause: extras.cause });
    this.name = 'ApiError';
    this.status = ERROR_STATUS[code];
  }

  /** The response body; the citation appears only for refusals that carry one. */
  toBody(): ErrorBody {
    return {
      error: this.extras.errorCode ?? this.code,
      message: this.message,
      details: this.details,
      ...(this.extras.citation !== undefined ? { citation: this.extras.citation } : {}),
    };
  }
}

/**
 * 404 for an arrangement that does not exist or that the caller may not see (existence never leaks);
 * `ref` names it in the message when known.
 */
export const arrangementNotFound = (ref: string | undefined, cause?: unknown): ApiError =>
  new ApiError(
    'notFound',
    ref === undefined ? 'No arrangement with that reference exists that you can see.' : `No arrangement '${ref}' exists that you can see.`,
    [],
    cause === undefined ? {} : { cause },
  );

/** The 422 for an Idempotency-Key already used with another body (IETF idempotency-key draft), naming the key. */
export function idempotencyKeyReused(idempotencyKey: string, cause?: unknown): ApiError {
  return new ApiError(
    'idempotencyKeyReused',
    `Idempotency-Key '${idempotencyKey}' was already used with a different body; use a new key for a new request.`,
    [{ path: 'header.idempotency-key', message: 'Already used with a different body' }],
    cause === undefined ? {} : { cause },
  );
}

/** Turns a zod-style path into a readable dotted one, prefixed with where the value came from. */
export function formatPath(location: 'body' | 'query' | 'params' | 'header', path: readonly PropertyKey[]): string {
  return [location, ...path.map((p) => String(p))].join('.');
}
