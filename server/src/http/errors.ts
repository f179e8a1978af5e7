import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { ApiError } from '../../../contracts/errors.ts';
import { DB_RETRY_AFTER_S, isDataException, isDbUnavailable } from '../db/errors.ts';

/** An error the client caused or should see; anything else becomes a 500 without details. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** 429 with Retry-After (seconds). */
export class TooManyRequests extends HttpError {
  constructor(
    message: string,
    readonly retryAfterS: number,
  ) {
    super(429, 'too_many_requests', message);
  }
}

export const unauthenticated = () => new HttpError(401, 'unauthenticated', 'login required');

export const forbidden = (what: string) => new HttpError(403, 'forbidden', `not permitted: ${what}`);

export const notFound = (what: string, field?: string) =>
  new HttpError(404, 'not_found', `${what} not found`, field);

export const unknownRoute: RequestHandler = (req, _res, next) => {
  next(new HttpError(404, 'unknown_route', `no route for ${req.method} ${req.path}`));
};

/** Renders `{ error: { code, message, field } }`; never a stack trace. */
export const errorHandler: ErrorRequestHandler = (err: unknown, req, res, _next) => {
  const known = err instanceof HttpError ? err : describeError(err);
  if (!known) console.error('[http] unhandled error:', req.method, req.path, err);
  // validation should have caught it, with the field's name: say so, so it gets a check of its own
  else if (isDataException(err))
    console.warn('[http] a value reached SQL unchecked:', req.method, req.path, (err as Error).message);
  const e = known ?? new HttpError(500, 'internal', 'internal server error');
  if (e instanceof TooManyRequests) res.set('Retry-After', String(Math.max(1, e.retryAfterS)));
  if (e.status === 503) res.set('Retry-After', String(DB_RETRY_AFTER_S));
  if (res.headersSent) {
    // the answer had started (a file being sent): all that is left is to end it
    res.destroy();
    return;
  }
  const body: ApiError = {
    error: { code: e.code, message: e.message, ...(e.field ? { field: e.field } : {}) },
  };
  // a static file's own headers (type, cache, range) must not stay on the error
  for (const h of ['Content-Type', 'Cache-Control', 'Content-Disposition', 'Content-Range', 'Accept-Ranges'])
    res.removeHeader(h);
  res.status(e.status).set('Cache-Control', 'no-store').json(body);
};

/** Codes for the 4xx errors that Express's own parts raise (http-errors), by status. */
const CLIENT_CODES: Partial<Record<number, string>> = {
  400: 'bad_request',
  404: 'not_found',
  405: 'method_not_allowed',
  406: 'not_acceptable',
  411: 'length_required',
  412: 'precondition_failed',
  413: 'payload_too_large',
  414: 'uri_too_long',
  415: 'unsupported_media_type',
  416: 'range_not_satisfiable',
  431: 'headers_too_large',
};

/**
 * What an error that is not ours means for the caller: body-parser (malformed JSON, wrong charset,
 * too large), the router (a path parameter whose percent-encoding is malformed), send/serve-static
 * (a path outside its folder, NUL bytes, a folder, a name too long) all raise http-errors with a
 * 4xx status; the database being down is a 503; a value PostgreSQL refuses is a 400.
 * Undefined: a bug (logged, answered 500 without details).
 */
function describeError(err: unknown): HttpError | undefined {
  if (isDbUnavailable(err))
    return new HttpError(503, 'unavailable', 'the database is not reachable now: nothing was stored, retry');
  if (isDataException(err)) return new HttpError(400, 'invalid', 'a value was refused by the database');
  if (typeof err !== 'object' || err === null) return undefined;
  const { status, statusCode, type, message } = err as {
    status?: unknown;
    statusCode?: unknown;
    type?: unknown;
    message?: unknown;
  };
  const s = typeof status === 'number' ? status : typeof statusCode === 'number' ? statusCode : 0;
  if (s < 400 || s > 499) return undefined;
  // a file outside its folder or a dotfile (send answers 403) reads as absent: no probing of the tree
  if (s === 403) return new HttpError(404, 'not_found', 'file not found');
  const code =
    err instanceof URIError
      ? 'bad_encoding'
      : type === 'entity.parse.failed'
        ? 'bad_body'
        : type === 'encoding.unsupported' || type === 'charset.unsupported'
          ? 'unsupported_encoding'
          : (CLIENT_CODES[s] ?? 'bad_request');
  // body-parser's and the router's messages say what was wrong with the input; a file server's
  // carry the server's own paths (ENOENT, stat '/srv/…'), which a caller has no business seeing
  const own = typeof type === 'string' || err instanceof URIError;
  const text = own && typeof message === 'string' && message ? message : code.replace(/_/g, ' ');
  return new HttpError(s, code, text.slice(0, 300));
}
