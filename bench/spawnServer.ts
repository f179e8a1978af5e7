import { spawn } from 'node:child_process';

/**
 * Starts `server/src/index.ts` (or another `script`) in a child process on a free port against
 * databaseUrl (no demo seeding) and resolves with its URL once it prints that it is running.
 */
export async function spawnServer(
  databaseUrl: string,
  env: Record<string, string> = {},
  script = 'server/src/index.ts',
) {
  const child = spawn(
    process.execPath,
    [...(process.env.BENCH_SERVER_FLAGS?.split(' ').filter(Boolean) ?? []), '--import', 'tsx', script],
    {
      env: { ...process.env, DATABASE_URL: databaseUrl, PORT: '0', HOST: '127.0.0.1', DEMO: '0', ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      // BENCH_SERVER_STDOUT=1 passes the server's output on (with BENCH_SERVER_FLAGS=--trace-gc, say).
      if (process.env.BENCH_SERVER_STDOUT === '1') process.stderr.write(d);
      out += d.toString();
      const m = /is running: (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!.replace('localhost', '127.0.0.1'));
    });
    child.once('exit', (code) => reject(new Error(`server exited (${code}) before it ran:\n${out}`)));
  });
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
