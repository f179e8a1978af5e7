import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A PostgreSQL cluster of its own for a test that stops and restarts the database (the machine's
 * shared server runs every other test file at the same time). initdb + pg_ctl from the machine's
 * PostgreSQL (Debian's postgresql-15, which CI installs with PostGIS); run as the postgres user
 * when the test runs as root, as PostgreSQL refuses root.
 */
export function pgBinDir(): string | undefined {
  const fromConfig = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  const dirs = [
    fromConfig.status === 0 ? fromConfig.stdout.trim() : '',
    ...(existsSync('/usr/lib/postgresql')
      ? readdirSync('/usr/lib/postgresql')
          .sort()
          .reverse()
          .map((v) => `/usr/lib/postgresql/${v}/bin`)
      : []),
  ];
  return dirs.find((d) => d && existsSync(join(d, 'initdb')) && existsSync(join(d, 'pg_ctl')));
}

/** Whether a TCP port on 127.0.0.1 can be listened on now. */
async function canListen(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(undefined));
    s.listen(port, '127.0.0.1', () => {
      const { port: got } = s.address() as { port: number };
      s.close(() => resolve(got));
    });
  });
}

/**
 * A free port. `stable`: below the kernel's ephemeral range, for a server that is killed and
 * started again on the same port — a port from the range (listen(0)) may meanwhile be taken as the
 * local port of any outgoing connection on the machine (the rest of the suite makes thousands).
 */
export async function freePort(opts: { stable?: boolean } = {}): Promise<number> {
  if (opts.stable) {
    let low = 32768;
    try {
      low =
        Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]) || low;
    } catch {
      // not Linux: the usual range
    }
    const from = Math.max(10_000, low - 12_000);
    for (let i = 0; i < 200; i++) {
      const port = await canListen(from + Math.floor(Math.random() * (low - from)));
      if (port) return port;
    }
  }
  const port = await canListen(0);
  if (!port) throw new Error('no free port');
  return port;
}

export interface TempPostgres {
  /** postgres://postgres@127.0.0.1:<port>/postgres */
  url: string;
  /** `pg_ctl stop -m immediate`: every backend killed, no checkpoint (recovery at the next start). */
  crash(): void;
  start(): void;
  destroy(): void;
}

export async function startTempPostgres(): Promise<TempPostgres> {
  const bin = pgBinDir();
  if (!bin) throw new Error('no PostgreSQL binaries (initdb, pg_ctl) on this machine');
  const root = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'gc-pg-'));
  if (root) {
    const pg = execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim();
    chownSync(dir, Number(pg), Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim()));
  }
  const run = (tool: string, args: string[]) => {
    const cmd = root ? 'runuser' : join(bin, tool);
    const argv = root ? ['-u', 'postgres', '--', join(bin, tool), ...args] : args;
    const r = spawnSync(cmd, argv, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${tool} ${args.join(' ')}: ${r.stderr || r.stdout}`);
  };
  const data = join(dir, 'data');
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  const port = await freePort({ stable: true });
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=on -c max_connections=60`;
  const start = () => run('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'log'), '-w', 'start']);
  start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    crash: () => run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']),
    start,
    destroy() {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } catch {
        // already stopped
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
