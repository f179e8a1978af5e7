/** Runtime configuration, from the environment. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  /** Demo district generation on an empty database. */
  demo: { enabled: boolean; seed: number; scale: number };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: Number(env.PORT ?? 8080),
    host: env.HOST ?? '0.0.0.0',
    dataDir: env.DATA_DIR ?? './.data',
    databaseUrl: env.DATABASE_URL || undefined,
    demo: {
      enabled: env.DEMO !== '0',
      seed: Number(env.DEMO_SEED ?? 1),
      scale: Number(env.DEMO_SCALE ?? 1),
    },
  };
}
