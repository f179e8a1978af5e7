import { spawn } from 'node:child_process';

export interface SpawnedServer {
  url: string;
  pid: number;
  /** Resolves with the exit code (or signal name) when the process ends. */
  exited: Promise<number | string>;
  /** SIGTERM (a clean stop) and waits for the exit. */
  close(): Promise<void>;
  /** Sends a signal (SIGKILL: the process dies with no chance to flush or answer) and waits. */
  kill(signal: NodeJS.Signals): Promise<void>;
}

/**
 * Starts `server/src/index.ts` (or another `script`) in a child process against databaseUrl (no
 * demo seeding), on `env.PORT` or a free port, and resolves with its URL once it prints that it
 * is running. Benchmarks and the durability test use it: the server as it runs in production.
 */
export async function spawnServer(
  /** undefined: the embedded engine in env.DATA_DIR. */
  databaseUrl: string | undefined,
  env: Record<string, string> = {},
  script = 'server/src/index.ts',
  startTimeoutMs = 90_000,
): Promise<SpawnedServer> {
  const child = spawn(
    process.execPath,
    [...(process.env.BENCH_SERVER_FLAGS?.split(' ').filter(Boolean) ?? []), '--import', 'tsx', script],
    {
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl ?? '',
        PORT: '0',
        HOST: '127.0.0.1',
        DEMO: '0',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)),
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    let ran = false;
    // a start that hangs (a lock, a database that never answers) fails with what it printed
    const timer = setTimeout(() => {
      reject(new Error(`server did not run within ${startTimeoutMs} ms:\n${out}`));
      child.kill('SIGKILL');
    }, startTimeoutMs);
    timer.unref();
    child.stdout.on('data', (d: Buffer) => {
      // BENCH_SERVER_STDOUT=1 passes the server's output on (with BENCH_SERVER_FLAGS=--trace-gc, say).
      if (process.env.BENCH_SERVER_STDOUT === '1') process.stderr.write(d);
      if (ran) return;
      out += d.toString();
      const m = /is running: (http:\/\/\S+)/.exec(out);
      if (m) {
        ran = true;
        clearTimeout(timer);
        resolve(m[1]!.replace('localhost', '127.0.0.1'));
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}) before it ran:\n${out}`));
    });
  });
  const kill = async (signal: NodeJS.Signals) => {
    child.kill(signal);
    await exited;
  };
  return { url, pid: child.pid!, exited, close: () => kill('SIGTERM'), kill };
}
