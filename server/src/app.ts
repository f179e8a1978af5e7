import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import express, { type Express } from 'express';
import type { Db } from './db/db.ts';
import { buildingsRoutes } from './buildings/buildings.routes.ts';
import { healthRoutes } from './health/health.routes.ts';
import { errorHandler, unknownRoute } from './http/errors.ts';
import { regionsRoutes } from './regions/regions.routes.ts';
import { residentsRoutes } from './residents/residents.routes.ts';

export interface Deps {
  db: Db;
  /** What the engine can do, detected once at start (see health.sql.ts). */
  capabilities: { mvt: boolean };
  /** Built client to serve, if any (client/dist). */
  clientDir?: string | undefined;
}

const DEFAULT_CLIENT_DIR = fileURLToPath(new URL('../../client/dist/', import.meta.url));

/** Wires the features; index.ts starts it, tests run it on port 0. */
export function createApp(deps: Deps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use((_req, res, next) => {
    res.set({
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'X-Frame-Options': 'DENY',
    });
    next();
  });
  app.use(express.json({ limit: '1mb' }));

  const api = express.Router();
  api.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
  api.use(healthRoutes(deps), regionsRoutes(deps), buildingsRoutes(deps), residentsRoutes(deps));
  api.use(unknownRoute);
  app.use('/api', api);

  const clientDir = deps.clientDir ?? DEFAULT_CLIENT_DIR;
  if (existsSync(clientDir)) {
    app.use(express.static(clientDir, { index: 'index.html', maxAge: '1h' }));
    app.get(/^\/(?!api\/).*/, (_req, res) => res.sendFile('index.html', { root: clientDir }));
  }
  app.use(errorHandler);
  return app;
}
