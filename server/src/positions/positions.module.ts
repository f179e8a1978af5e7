import type { Deps } from '../app.ts';
import { Fanout } from './positions.fanout.ts';
import { PositionsService } from './positions.service.ts';
import type { WorkerIdentity } from './positions.sql.ts';
import { attachPositionsSocket } from './positions.socket.ts';
import { DEFAULT_WRITER, PositionWriter, type WriterOptions } from './positions.writer.ts';

/** The running positions feature: ingest service, writer and live fan-out, shared by its routes. */
export interface Positions {
  service: PositionsService;
  writer: PositionWriter;
  fanout: Fanout;
  tickMs: number;
}

const envNumber = (name: string, fallback: number) => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
};

/**
 * Builds the feature and starts its background work (tick loop, daily partitions, directory refresh),
 * each stopped through deps.onClose. Tuning from the environment: POSITIONS_TICK_MS (live frames,
 * default 1000), POSITIONS_FLUSH_MS (50), POSITIONS_MAX_BATCH (10,000), POSITIONS_MAX_QUEUED (200,000).
 */
export function createPositions(deps: Deps): Positions {
  const opts: WriterOptions = {
    flushMs: envNumber('POSITIONS_FLUSH_MS', DEFAULT_WRITER.flushMs),
    maxBatch: envNumber('POSITIONS_MAX_BATCH', DEFAULT_WRITER.maxBatch),
    maxQueued: envNumber('POSITIONS_MAX_QUEUED', DEFAULT_WRITER.maxQueued),
    // PGlite runs one statement at a time anyway.
    concurrency: deps.db.engine === 'postgres' ? DEFAULT_WRITER.concurrency : 1,
  };
  const directory = new Map<number, WorkerIdentity>();
  const fanout = new Fanout(directory, {
    has: (room) => (deps.hub.server?.of('/').adapter.rooms.get(room)?.size ?? 0) > 0,
    send: (room, frame) => deps.hub.toRooms([room], 'positions:frame', frame),
  });
  const writer = new PositionWriter(deps.db, opts, (latest) => fanout.push(latest));
  const service = new PositionsService(deps.db, writer, directory);
  const tickMs = envNumber('POSITIONS_TICK_MS', 1000);
  const live = fanout;

  const startup = Promise.all([service.ensurePartitions(), service.refreshDirectory()]).catch(
    (err: unknown) => console.error('[positions] start-up failed:', err),
  );
  const tick = setInterval(() => live.tick(), tickMs);
  const daily = setInterval(() => void service.ensurePartitions().catch(() => undefined), 6 * 3600_000);
  const refresh = setInterval(() => void service.refreshDirectory().catch(() => undefined), 60_000);
  for (const t of [tick, daily, refresh]) t.unref();
  // The Socket.IO server is attached right after the app is built (server.ts, same tick).
  const attach = setImmediate(() => {
    if (deps.hub.server) attachPositionsSocket(deps.hub.server, service);
  });
  deps.onClose(async () => {
    clearImmediate(attach);
    for (const t of [tick, daily, refresh]) clearInterval(t);
    await startup;
    await writer.close();
  });
  return { service, writer, fanout: live, tickMs };
}
