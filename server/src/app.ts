import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import express, { type Express } from 'express';
import helmet from 'helmet';
import type { Db } from './db/db.ts';
import { auditRoutes } from './audit/audit.routes.ts';
import { authenticate, requireAuth } from './auth/auth.middleware.ts';
import { authRoutes } from './auth/auth.routes.ts';
import { CredentialCache, DEFAULT_CREDENTIAL_CACHE } from './auth/credentialCache.ts';
import { Revocations } from './auth/revocations.ts';
import { basemapRoutes } from './basemap/basemap.routes.ts';
import { buildingsRoutes } from './buildings/buildings.routes.ts';
import { casesFeature, type CasesOptions } from './cases/cases.feature.ts';
import { PHOTO_UPLOAD_PATH } from './cases/cases.routes.ts';
import type { Clock } from './cases/clock.ts';
import { tilesRoutes } from './tiles/tiles.routes.ts';
import { tiles3dRoutes } from './tiles3d/tiles3d.routes.ts';
import type { Tiles3dOptions } from './tiles3d/tiles3d.options.ts';
import { layerFiles, layersRoutes } from './layers/layers.routes.ts';
import { displaysRoutes } from './displays/displays.routes.ts';
import { divisionsRoutes } from './divisions/divisions.routes.ts';
import type { BasemapSource } from '../../contracts/installation.ts';
import { areaRoutes, installationRoutes } from './installation/installation.routes.ts';
import { basemapOrigin } from './installation/installation.service.ts';
import { healthRoutes } from './health/health.routes.ts';
import { heatRoutes } from './heat/heat.routes.ts';
import { occupancyRoutes } from './occupancy/occupancy.routes.ts';
import { evaluationRoutes } from './evaluation/evaluation.routes.ts';
import { bySegment } from './http/bySegment.ts';
import { errorHandler, unknownRoute } from './http/errors.ts';
import { listRoutes, type RouteInfo } from './http/routes.ts';
import { staticFolder } from './http/staticFolder.ts';
import { jsonBodies, rejectNul } from './http/input.ts';
import type { Hub } from './realtime/hub.ts';
import { createPositions } from './positions/positions.module.ts';
import { OSMAND_PATH, osmandRoutes, positionsRoutes } from './positions/positions.routes.ts';
import { regionsRoutes } from './regions/regions.routes.ts';
import { residentsRoutes } from './residents/residents.routes.ts';
import { usersRoutes } from './users/users.routes.ts';
import { workersRoutes } from './workers/workers.routes.ts';

export interface Limits {
  /** Login attempts per IP per minute (in front of the per-username lockout). */
  loginPerMinute: number;
  /** People searches per credential per minute. */
  searchPerMinute: number;
}
export const DEFAULT_LIMITS: Limits = { loginPerMinute: 30, searchPerMinute: 60 };

export interface Deps {
  db: Db;
  /** What the engine can do, detected once at start (see health.sql.ts). */
  capabilities: { mvt: boolean };
  /** Built client to serve, if any (client/dist). */
  clientDir?: string | undefined;
  /** Ended credentials, so the realtime server closes their sockets at once. */
  revocations: Revocations;
  limits: Limits;
  /**
   * How long a resolved login is reused without a database look-up while news of credentials is
   * not pushed (default 5 s; 0 = never cache). See auth/credentialCache.ts.
   */
  authCacheMs?: number | undefined;
  /** Live events to the screens (attached to Socket.IO once the HTTP server exists). */
  hub: Hub;
  /** Background work a feature starts (schedulers, tick loops) registers its stop here. */
  onClose(stop: () => void | Promise<void>): void;
  /** Express 'trust proxy' (behind a reverse proxy, so req.ip is the client's address). */
  trustProxy?: string | number | boolean | undefined;
  /** Key of the audit log's search hashes (audit/auditKey.ts). */
  auditKey: Buffer;
  /** The clock of all case time logic (tests inject a ManualClock). */
  clock?: Clock | undefined;
  /** Cases: photo folder, scheduler interval, demo trickle. */
  cases?: CasesOptions | undefined;
  /** 3D Tiles folders and refresh (default: from the environment, see tiles3d.options.ts). */
  tiles3d?: Tiles3dOptions | undefined;
  /** An intranet XYZ/WMTS tile server under the buildings (BASEMAP_URL), or none (our own roads only). */
  basemap?: BasemapSource | null | undefined;
}

const DEFAULT_CLIENT_DIR = fileURLToPath(new URL('../../client/dist/', import.meta.url));
/** Cesium's workers, assets (Natural Earth II imagery, icons) and widget CSS, served by us: no CDN, no ion. */
const CESIUM_DIR = fileURLToPath(new URL('../../node_modules/cesium/Build/Cesium/', import.meta.url));

/**
 * CSP for the screens: Cesium runs workers from blob: URLs and compiles WebAssembly; tiles and
 * images may be data:/blob:; the socket connects to the same host over ws:/wss:. No CDN: the
 * product runs on intranets without internet.
 */
const csp = (tileOrigin: string | undefined) => ({
  useDefaults: false,
  directives: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'", "'wasm-unsafe-eval'"],
    workerSrc: ["'self'", 'blob:'],
    // the customer's intranet tile server (BASEMAP_URL), and nothing else outside
    imgSrc: ["'self'", 'data:', 'blob:', ...(tileOrigin ? [tileOrigin] : [])],
    connectSrc: ["'self'", 'ws:', 'wss:', ...(tileOrigin ? [tileOrigin] : [])],
    // Cesium's widgets set inline styles.
    styleSrc: ["'self'", "'unsafe-inline'"],
    fontSrc: ["'self'", 'data:'],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
  },
});

/** AUTH_CACHE_MAX (env) bounds the cache; authCacheMs 0 turns it off. */
function credentialCacheOptions(ttlMs: number | undefined) {
  const off = ttlMs === 0;
  return {
    ttlMs: ttlMs ?? DEFAULT_CREDENTIAL_CACHE.ttlMs,
    pushedTtlMs: off ? 0 : DEFAULT_CREDENTIAL_CACHE.pushedTtlMs,
    max: Number(process.env.AUTH_CACHE_MAX ?? DEFAULT_CREDENTIAL_CACHE.max),
  };
}

export const API_PREFIX = '/api';

/** Every API route (method, full path pattern), as createApp mounted them. */
export const apiRoutesOf = (app: Express): RouteInfo[] => app.locals.apiRoutes as RouteInfo[];

/** Wires the features; index.ts starts it, tests run it on port 0. */
export function createApp(deps: Deps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  if (deps.trustProxy !== undefined) app.set('trust proxy', deps.trustProxy);
  app.use(
    helmet({
      contentSecurityPolicy: csp(basemapOrigin(deps.basemap)),
      crossOriginEmbedderPolicy: false,
      frameguard: { action: 'deny' },
      referrerPolicy: { policy: 'no-referrer' },
    }),
  );
  // JSON bodies (415 for another type), except where a route reads its own; no NULs anywhere
  app.use(API_PREFIX, jsonBodies([PHOTO_UPLOAD_PATH, OSMAND_PATH]), rejectNul);

  const api = express.Router();
  api.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
  // One cache of resolved logins for every door (API, OsmAnd, /layers).
  const credentials = new CredentialCache(credentialCacheOptions(deps.authCacheMs), deps.revocations);
  api.use(authenticate(deps.db, credentials));
  // Grid-worker positions: ingest queue, writer and live fan-out (OsmAnd may carry its token in the URL).
  const positions = createPositions(deps);
  // Each feature by its path's first segment (bySegment.ts); public doors first.
  api.use(
    bySegment({
      auth: authRoutes(deps),
      health: healthRoutes(deps),
      installation: installationRoutes(deps),
      positions: osmandRoutes(deps, positions, credentials),
    }),
  );
  // Everything below needs a login; each route then names its permission.
  api.use(requireAuth);
  const workers = workersRoutes(deps, positions);
  api.use(
    bySegment({
      regions: regionsRoutes(deps),
      area: areaRoutes(deps),
      basemap: basemapRoutes(deps),
      tiles: tilesRoutes(deps),
      '3dtiles': tiles3dRoutes(deps),
      layers: layersRoutes(deps),
      buildings: buildingsRoutes(deps),
      residents: residentsRoutes(deps),
      users: usersRoutes(deps),
      displays: displaysRoutes(deps),
      divisions: divisionsRoutes(deps),
      heat: heatRoutes(deps),
      occupancy: occupancyRoutes(deps),
      evaluation: evaluationRoutes(deps),
      audit: auditRoutes(deps),
      cases: casesFeature(deps),
      positions: positionsRoutes(deps, positions),
      workers,
      duty: workers,
    }),
  );
  api.use(unknownRoute);
  app.use(API_PREFIX, api);
  app.locals.apiRoutes = listRoutes(api).map((r) => ({ ...r, path: API_PREFIX + r.path }));
  // External 3D layers' files (LAYERS_DIR), behind the same login as the API.
  app.use('/layers', authenticate(deps.db, credentials), layerFiles(deps.tiles3d?.layersDir));

  if (existsSync(CESIUM_DIR)) app.use('/cesium', staticFolder(CESIUM_DIR, { maxAge: '7d' }));
  const clientDir = deps.clientDir ?? DEFAULT_CLIENT_DIR;
  if (existsSync(clientDir)) {
    app.use(express.static(clientDir, { index: 'index.html', maxAge: '1h' }));
    app.get(/^\/(?!api\/).*/, (_req, res) => res.sendFile('index.html', { root: clientDir }));
  }
  // anything else (a POST to a page, a method no route has) in the error shape, not Express's HTML
  app.use(unknownRoute);
  app.use(errorHandler);
  return app;
}
