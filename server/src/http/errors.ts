import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { ApiError } from '../../../contracts/errors.ts';

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
export const errorHandler: ErrorRequestHandler = (err: unknown, _req, res, _next) => {
  let status = 500;
  let body: ApiError = { error: { code: 'internal', message: 'internal server error' } };
  if (err instanceof HttpError) {
    status = err.status;
    if (err instanceof TooManyRequests) res.set('Retry-After', String(Math.max(1, err.retryAfterS)));
    body = { error: { code: err.code, message: err.message, ...(err.field ? { field: err.field } : {}) } };
  } else if (isBodyParserError(err)) {
    status = err.status;
    body = {
      error: {
        code: err.type === 'entity.too.large' ? 'payload_too_large' : 'bad_body',
        message: err.message,
      },
    };
  } else {
    console.error('[http] unhandled error:', err);
  }
  res.status(status).json(body);
};

function isBodyParserError(err: unknown): err is { status: number; type: string; message: string } {
  return typeof err === 'object' && err !== null && 'type' in err && 'status' in err;
}
