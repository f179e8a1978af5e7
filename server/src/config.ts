import { resolve } from 'node:path';
/** Runtime configuration, from the environment. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  /** Demo district generation on an empty database. */
  /** rate: DEMO_RATE, the demo's new cases that many times as often (the wall soak runs at 10). */
  demo: { enabled: boolean; seed: number; scale: number; password: string | undefined; rate: number };
  /** Express 'trust proxy' behind a reverse proxy (TRUST_PROXY: a hop count, 'loopback', addresses). */
  trustProxy: string | number | undefined;
  /** People searches per credential per minute (SEARCH_PER_MINUTE; default in app.ts). */
  searchPerMinute: number | undefined;
  /** REDIS_URL: several server processes share live events through this Redis (realtime/cluster.ts). */
  redisUrl: string | undefined;
  /** REDIS_STREAM: the Redis stream's name (default 'gridcenter'; one per installation). */
  redisStream: string | undefined;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: Number(env.PORT ?? 8080),
    host: env.HOST ?? '0.0.0.0',
    // Absolute (photos are sent with res.sendFile); 'memory://' is PGlite's in-memory database.
    dataDir: (env.DATA_DIR ?? './.data').startsWith('memory://')
      ? (env.DATA_DIR as string)
      : resolve(env.DATA_DIR ?? './.data'),
    databaseUrl: env.DATABASE_URL || undefined,
    demo: {
      enabled: env.DEMO !== '0',
      seed: Number(env.DEMO_SEED ?? 1),
      scale: Number(env.DEMO_SCALE ?? 1),
      password: env.GRIDCENTER_DEMO_PASSWORD || undefined,
      rate: Number(env.DEMO_RATE ?? 1) > 0 ? Number(env.DEMO_RATE ?? 1) : 1,
    },
    searchPerMinute: env.SEARCH_PER_MINUTE ? Number(env.SEARCH_PER_MINUTE) : undefined,
    redisUrl: env.REDIS_URL || undefined,
    redisStream: env.REDIS_STREAM || undefined,
    trustProxy: !env.TRUST_PROXY
      ? undefined
      : /^\d+$/.test(env.TRUST_PROXY)
        ? Number(env.TRUST_PROXY)
        : env.TRUST_PROXY,
  };
}
