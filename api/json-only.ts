/**
 * The API speaks JSON only. A body in any other media type is refused with 415 before it is
 * parsed, so a form post or a text body is never half-understood.
 */
import type { RequestHandler } from 'express';
import { ApiError } from './errors';

function hasBody(headers: Record<string, string | string[] | undefined>): boolean {
  if (headers['transfer-encoding'] !== undefined) return true;
  const length = headers['content-length'];
  return length !== undefined && length !== '0';
}

/** Refuses POST/PUT/PATCH bodies that are not `application/json` (charset utf-8 allowed). */
export const jsonOnly: RequestHandler = (req, _res, next) => {
  if (!['POST', 'PUT', 'PATCH'].includes(req.method) || !hasBody(req.headers)) return next();
  if (req.is('application/json') === 'application/json') return next();
  throw new ApiError('unsupportedMediaType', 'Send the body as JSON with Content-Type: application/json.', [
    { path: 'header.content-type', message: `Expected application/json, got ${req.get('content-type') ?? 'none'}` },
  ]);
};
