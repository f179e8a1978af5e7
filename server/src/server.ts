import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { apiRoutesOf, createApp, DEFAULT_LIMITS, type Deps, type Limits } from './app.ts';
import { loadAuditKey } from './audit/auditKey.ts';
import { basemapFromEnv } from './installation/installation.service.ts';
import { answerClientError } from './http/clientError.ts';
import type { RouteInfo } from './http/routes.ts';
import { Hub } from './realtime/hub.ts';
import { Revocations } from './auth/revocations.ts';
import { listenCredentialNews } from './auth/credentialNews.ts';
import type { Db } from './db/db.ts';
import { detectMvt } from './health/health.sql.ts';
import { connectCluster } from './realtime/cluster.ts';
import { createRealtime, type Realtime } from './realtime/realtime.ts';
import { tiles3dOptions, type Tiles3dOptions } from './tiles3d/tiles3d.options.ts';

export interface RunningServer {
  url: string;
  server: Server;
  realtime: Realtime;
  /** Every API route (method and path pattern): what the fuzz test asks. */
  routes: RouteInfo[];
  /** Whether news of credentials from the database (LISTEN) is arriving now (credentialNews.ts). */
  credentialNewsPushed(): boolean;
  close(): Promise<void>;
}

export interface ServerOptions {
  port: number;
  host?: string;
  clientDir?: string;
  limits?: Partial<Limits>;
  trustProxy?: Deps['trustProxy'];
  /** Socket credential re-check interval (default 30 s). */
  recheckMs?: number;
  /** See Deps.authCacheMs. */
  authCacheMs?: number;
  /** See Deps.auditKey (default: AUDIT_HASH_KEY or DATA_DIR/audit-hash.key). */
  auditKey?: Buffer;
  /** See Deps.clock and Deps.cases. */
  clock?: Deps['clock'];
  cases?: Deps['cases'];
  /** Redis behind several server processes (REDIS_URL; realtime/cluster.ts), and its stream's name. */
  redisUrl?: string | undefined;
  redisStream?: string | undefined;
  /** 3D Tiles folders and refresh, over the environment's (tiles3d.options.ts). */
  tiles3d?: Partial<Tiles3dOptions>;
  /** See Deps.basemap (default: BASEMAP_URL and its settings from the environment). */
  basemap?: Deps['basemap'];
}

/** Starts the HTTP + Socket.IO server on an open database; port 0 picks a free port (tests). */
export async function startServer(db: Db, opts: ServerOptions): Promise<RunningServer> {
  const revocations = new Revocations();
  const hub = new Hub();
  const stops: Array<() => void | Promise<void>> = [];
  // News of credentials changed elsewhere (CLI, SQL, other servers), before any login is cached.
  stops.push(await listenCredentialNews(db, revocations));
  const deps: Deps = {
    hub,
    onClose: (stop) => stops.push(stop),
    db,
    capabilities: { mvt: await detectMvt(db) },
    clientDir: opts.clientDir,
    revocations,
    limits: { ...DEFAULT_LIMITS, ...opts.limits },
    trustProxy: opts.trustProxy,
    authCacheMs: opts.authCacheMs,
    clock: opts.clock,
    auditKey: opts.auditKey ?? loadAuditKey(process.env),
    cases: opts.cases,
    tiles3d: tiles3dOptions(process.env, opts.tiles3d),
    basemap: opts.basemap !== undefined ? opts.basemap : basemapFromEnv(process.env),
  };
  const app = createApp(deps);
  const server = createServer(app);
  server.keepAliveTimeout = 65_000;
  server.on('clientError', answerClientError);
  const cluster = opts.redisUrl ? await connectCluster(opts.redisUrl, opts.redisStream) : undefined;
  const realtime = createRealtime(server, {
    db,
    revocations,
    recheckMs: opts.recheckMs,
    adapter: cluster?.adapter,
  });
  stops.push(hub.attach(realtime.io, { clustered: cluster !== undefined }));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host ?? '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  const host = opts.host && opts.host !== '0.0.0.0' ? opts.host : '127.0.0.1';
  return {
    url: `http://${host}:${port}`,
    server,
    realtime,
    routes: apiRoutesOf(app),
    credentialNewsPushed: () => revocations.pushed,
    close: async () => {
      for (const stop of stops.splice(0).reverse()) await stop();
      server.closeAllConnections();
      await realtime.close(); // closes the HTTP server too
      await cluster?.close();
    },
  };
}
