import express, { Router } from 'express';
import { HttpError } from './errors.ts';

type ServeStaticOptions = NonNullable<Parameters<typeof express.static>[1]>;

/**
 * A folder served read-only: GET and HEAD only (anything else a 405 in the API's error shape, not
 * serve-static's bare one), no listings, no redirects from a folder to its slash, dotfiles refused.
 * Every refusal (a path outside the folder, NUL bytes, a folder, a name too long, a missing file)
 * goes to the app's error handler, which answers 404 or 400 (errors.ts); never a file outside it.
 */
export function staticFolder(dir: string, opts: Omit<ServeStaticOptions, 'fallthrough'> = {}): Router {
  const r = Router();
  r.use((req, res, next) => {
    if (req.method === 'GET' || req.method === 'HEAD') return next();
    res.set('Allow', 'GET, HEAD');
    next(new HttpError(405, 'method_not_allowed', 'files are only read (GET)'));
  });
  r.use(
    express.static(dir, { index: false, redirect: false, dotfiles: 'deny', ...opts, fallthrough: false }),
  );
  return r;
}
