import { loadConfig } from './config.ts';
import { openDb } from './db/open.ts';
import { seedDemoAccountsIfNone, seedDemoIfEmpty } from './demo.ts';
import { startServer } from './server.ts';
import { join } from 'node:path';
import { isDemoDatabase } from './cases/demo.sql.ts';
import { askForFirstAdmin } from './installation/firstRun.ts';

const config = loadConfig();
const db = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
console.log(
  `[db] ${db.engine === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${config.dataDir}`}`,
);
if (config.demo.enabled) {
  await seedDemoIfEmpty(db, config.demo);
  await seedDemoAccountsIfNone(db, config.demo.password);
}

const running = await startServer(db, {
  port: config.port,
  host: config.host,
  trustProxy: config.trustProxy,
  redisUrl: config.redisUrl,
  redisStream: config.redisStream,
  // cases: photos beside the database; in the demo district a new case every 20–60 s
  cases: {
    photosDir: join(config.dataDir, 'photos'),
    trickleSeed: config.demo.enabled && (await isDemoDatabase(db)) ? config.demo.seed : undefined,
    trickleRate: config.demo.rate,
  },
  ...(config.searchPerMinute ? { limits: { searchPerMinute: config.searchPerMinute } } : {}),
});
console.log(
  `GridCenter 网格指挥中心 is running: ${running.url.replace('127.0.0.1', 'localhost')}  (API: /api/health)`,
);

if (!config.demo.enabled)
  void askForFirstAdmin(db, running.url).catch((err: unknown) => console.error('[setup]', err));

if (config.demo.enabled) {
  // Demo workers walk the district and report over the API (in the background; see workers.demo.ts).
  const { startDemoWorkers } = await import('./workers/workers.demo.ts');
  void startDemoWorkers(db, running.url).catch((err: unknown) => console.error('[demo] workers:', err));
}

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`[server] ${signal}: closing`);
  await running.close();
  await db.close(); // PGlite flushes its data folder on close
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
