import express, { type RequestHandler } from 'express';
import { HttpError } from './errors.ts';

const WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);
const parseJson = express.json({ limit: '1mb' });

/** Whether a request carries body bytes (a length above 0, or chunks). */
function hasBody(headers: Record<string, string | string[] | undefined>): boolean {
  if (headers['transfer-encoding'] !== undefined) return true;
  const length = Number(headers['content-length']);
  return Number.isFinite(length) && length > 0;
}

/**
 * The API's bodies are JSON: a POST/PUT/PATCH body of another type (or of none) is a 415 naming
 * `content-type`, except on the routes that parse their own (a photo's bytes, OsmAnd's form),
 * given by full path. A body that parses is then checked like the query: see rejectNul.
 */
export function jsonBodies(ownParsers: readonly string[]): RequestHandler {
  const own = new Set(ownParsers);
  return (req, res, next) => {
    if (own.has(req.path) || !WITH_BODY.has(req.method) || !hasBody(req.headers)) return next();
    if (!req.is(['application/json', 'application/*+json']))
      return next(
        new HttpError(
          415,
          'unsupported_media_type',
          `send the body as application/json, not ${req.get('content-type') || 'without a type'}`,
          'content-type',
        ),
      );
    parseJson(req, res, next);
  };
}

/** How many values of one body are looked at for NULs (a 1 MB body holds at most ~500,000). */
const MAX_VALUES = 1_000_000;

/**
 * PostgreSQL text cannot hold a NUL character (U+0000): a query or body string with one would
 * reach SQL only to fail there. Refused at the edge as a 400 naming the field instead. Walks
 * without recursion, so a deeply nested body cannot overflow the stack.
 */
export const rejectNul: RequestHandler = (req, _res, next) => {
  const query = req.query as Record<string, unknown>;
  const field = nulField(query, 'query') ?? (req.body === undefined ? undefined : nulField(req.body, 'body'));
  next(
    field === undefined
      ? undefined
      : new HttpError(400, 'invalid', `${field}: must not contain a NUL character`, field),
  );
};

/** The first field (dotted path, as parse() names fields) whose key or string holds a NUL. */
function nulField(root: unknown, rootName: string): string | undefined {
  const stack: [unknown, string][] = [[root, '']];
  for (let seen = 0; stack.length > 0 && seen < MAX_VALUES; seen++) {
    const [value, path] = stack.pop()!;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return path || rootName;
    } else if (value !== null && typeof value === 'object')
      for (const [k, v] of Object.entries(value)) {
        if (k.includes('\u0000')) return path || rootName;
        stack.push([v, path ? `${path}.${k}` : k]);
      }
  }
  return undefined;
}
