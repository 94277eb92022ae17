/**
 * Zod at the edge: parses one part of a request and turns every issue into a field path a person
 * can act on (`body.terms.partners.0.email`), so bad input is always a 400 and never reaches Temporal.
 */
import type { z } from 'zod';
import { ApiError, formatPath, type ErrorDetail } from './errors';

/** Where in the request a value came from. */
export type RequestPart = 'body' | 'query' | 'params' | 'header';

/** One detail per zod issue; unknown keys are reported at the key itself. */
export function detailsOf(error: z.ZodError, part: RequestPart): ErrorDetail[] {
  return error.issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: formatPath(part, [...issue.path, key]), message: 'Unknown field' }));
    }
    return [{ path: formatPath(part, issue.path), message: issue.message }];
  });
}

/** Parses `value` with `schema` or throws a 400 naming every field at fault. */
export function parseRequestPart<S extends z.ZodType>(schema: S, value: unknown, part: RequestPart): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new ApiError(
    'invalidRequest',
    `The request ${part === 'header' ? 'headers are' : `${part} is`} not valid; see details.`,
    detailsOf(parsed.error, part),
  );
}
