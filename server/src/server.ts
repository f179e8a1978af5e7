import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp, type Deps } from './app.ts';
import type { Db } from './db/db.ts';
import { detectMvt } from './health/health.sql.ts';

export interface RunningServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/** Starts the HTTP server on an open database; port 0 picks a free port (tests). */
export async function startServer(
  db: Db,
  opts: { port: number; host?: string; clientDir?: string },
): Promise<RunningServer> {
  const deps: Deps = { db, capabilities: { mvt: await detectMvt(db) }, clientDir: opts.clientDir };
  const server = createServer(createApp(deps));
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host ?? '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  const host = opts.host && opts.host !== '0.0.0.0' ? opts.host : '127.0.0.1';
  return {
    url: `http://${host}:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
