/**
 * The one place errors become responses. Known errors (ApiError, zod, body-parser, Temporal) keep
 * their meaning; anything else is a programmer error, logged with its stack and answered with 500.
 */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ZodError } from 'zod';
import { ApiError } from './errors';
import { apiErrorFromTemporal } from './temporal-errors';
import { apiErrorFromStore } from './store-errors';
import { detailsOf } from './validate';

// body-parser marks its errors with `type`; these are the caller's fault, never a 5xx.
function fromBodyParser(err: unknown): ApiError | undefined {
  const type = (err as { type?: unknown } | null)?.type;
  switch (type) {
    case 'entity.parse.failed':
      // The parser's message quotes the body; errors never echo request content (it may be personal data).
      return new ApiError('invalidJson', 'The body is not valid JSON.', [{ path: 'body', message: 'Not valid JSON' }], {
        cause: err,
      });
    case 'entity.too.large': {
      const limit = (err as { limit?: number }).limit;
      return new ApiError(
        'payloadTooLarge',
        `The body is larger than the ${limit ?? 'configured'}-byte limit.`,
        [{ path: 'body', message: 'Too large' }],
        { cause: err },
      );
    }
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new ApiError(
        'unsupportedMediaType',
        'Send the body as UTF-8 JSON (Content-Type: application/json).',
        [{ path: 'header.content-type', message: 'Unsupported encoding or charset' }],
        { cause: err },
      );
    case 'request.aborted':
    case 'request.size.invalid':
    case 'stream.encoding.set':
      return new ApiError(
        'invalidRequest',
        'The request body could not be read.',
        [{ path: 'body', message: String((err as Error).message) }],
        { cause: err },
      );
    default:
      return undefined;
  }
}

/**
 * Other errors Express's own layers raise about the request, which carry a 4xx `status`: a path
 * parameter that is not valid percent-encoding (the router's URIError), a body its Content-Encoding
 * cannot decode (zlib's error, passed on by body-parser). Their messages quote the request, so none is echoed.
 */
function fromRequestReading(err: unknown): ApiError | undefined {
  const status = (err as { status?: unknown } | null)?.status;
  if (typeof status !== 'number' || status < 400 || status >= 500) return undefined;
  if (err instanceof URIError) {
    return new ApiError('invalidRequest', 'The path is not valid percent-encoding.', [{ path: 'params', message: 'Malformed % escape' }], {
      cause: err,
    });
  }
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && code.startsWith('Z_')) {
    return new ApiError(
      'invalidRequest',
      'The body could not be decoded with the Content-Encoding it names.',
      [{ path: 'header.content-encoding', message: 'The body is not in this encoding' }],
      { cause: err },
    );
  }
  return new ApiError('invalidRequest', 'The request could not be read.', [], { cause: err });
}

/** Maps any error to an `ApiError`; unknown ones become 500 `internal`. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof ZodError)
    return new ApiError('invalidRequest', 'The request is not valid; see details.', detailsOf(err, 'body'), { cause: err });
  return (
    fromBodyParser(err) ??
    fromRequestReading(err) ??
    apiErrorFromTemporal(err) ??
    apiErrorFromStore(err) ??
    new ApiError('internal', 'Something went wrong on our side. It has been logged; quote the request id if you report it.', [], {
      cause: err,
    })
  );
}

/** Express error middleware: one JSON body for every failure, with Retry-After on 503s. */
export const errorMiddleware: ErrorRequestHandler = (err, req, res, _next) => {
  const apiError = toApiError(err);
  const log = req.log;
  if (apiError.status >= 500) log.error({ err, error: apiError.code }, 'request failed');
  else
    log.info({ error: apiError.extras.errorCode ?? apiError.code, status: apiError.status, details: apiError.details }, 'request refused');
  if (res.headersSent) return;
  if (apiError.extras.retryAfterSeconds !== undefined) res.set('Retry-After', String(apiError.extras.retryAfterSeconds));
  if (apiError.status === 401) res.set('WWW-Authenticate', 'Bearer realm="hapa"');
  res.status(apiError.status).json(apiError.toBody());
};

/** Final route: anything unmatched is a 404 in the same body. */
export const notFoundHandler: RequestHandler = (req) => {
  throw new ApiError('notFound', `No route ${req.method} ${req.path}. See /openapi.json or /docs.`);
};
