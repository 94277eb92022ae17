/**
 * The one place a domain refusal becomes an HTTP answer. A refusal that means the arrangement is
 * outside the caller's scope answers 404, exactly as an unknown reference does, so existence never
 * leaks; one that means the caller may never do this (`FORBIDDEN_CODES`: a role that could never act,
 * a create for another organisation) 403; any other rule 409 with the rule's code and citation. A
 * refusal of the create request's own input, checked before any workflow starts, is a 400 instead.
 */
import { FORBIDDEN_CODES, OUT_OF_SCOPE_CODES, type Refusal } from '../domain';
import { ApiError, arrangementNotFound, formatPath, type ErrorDetail } from './errors';

/** Whether a refusal says the arrangement is outside the actor's scope: answered as "not found". */
export const isOutOfScope = (refusal: Refusal): boolean => OUT_OF_SCOPE_CODES.includes(refusal.code);

/** Whether a refusal says the actor may never do this: answered 403. */
export const isForbidden = (refusal: Refusal): boolean => FORBIDDEN_CODES.includes(refusal.code);

/** Options of `apiErrorOfRefusal`. */
export interface RefusalContext {
  /** The arrangement's reference, when the caller named one (it goes into the 404's message). */
  ref?: string;
  /** What failed underneath (e.g. the Update's failure), kept for the log. */
  cause?: unknown;
}

/** The 404, 403 or 409 that answers `refusal`; a 409's details name the body field at fault, when the rule says which. */
export function apiErrorOfRefusal(refusal: Refusal, context: RefusalContext = {}): ApiError {
  const cause = context.cause === undefined ? {} : { cause: context.cause };
  if (isOutOfScope(refusal)) return arrangementNotFound(context.ref, context.cause);
  if (isForbidden(refusal)) return new ApiError('forbidden', refusal.message, detailsAt(refusal, []), cause);
  return new ApiError('ruleRefused', refusal.message, detailsAt(refusal, []), {
    citation: refusal.citation,
    errorCode: refusal.code,
    ...cause,
  });
}

/**
 * The 400 for a rule that refused the create request's own input before any workflow started; `at` is
 * where in the body the refused value sits (the refusal's own path is relative to it).
 */
export function invalidInputOfRefusal(refusal: Refusal, at: readonly string[]): ApiError {
  return new ApiError('invalidRequest', refusal.message, detailsAt(refusal, at, true), {
    citation: refusal.citation,
    errorCode: refusal.code,
  });
}

/**
 * The details of a refusal: the field at fault, when the rule says which; when the rule refused several
 * things at once (`refusal.all`), one detail per refusal, each with its code and citation.
 */
function detailsAt(refusal: Refusal, at: readonly string[], always = false): ErrorDetail[] {
  const pathOf = (r: Refusal) => formatPath('body', [...at, ...(r.path ?? [])]);
  if (refusal.all) return refusal.all.map((r) => ({ path: pathOf(r), message: r.message, code: r.code, citation: r.citation }));
  if (refusal.path === undefined && !always) return [];
  return [{ path: pathOf(refusal), message: refusal.message }];
}
