import type { Server as HttpServer } from 'node:http';
import { Server, type ServerOptions, type Socket } from 'socket.io';
import {
  regionRoom,
  regionSubscribeSchema,
  type Ack,
  type ClientToServerEvents,
  type RegionUpdated,
  type ServerToClientEvents,
} from '../../../contracts/events.ts';
import type { Queryable } from '../db/db.ts';
import { resolveCredential, whyEnded } from '../auth/auth.service.ts';
import type { Revocations } from '../auth/revocations.ts';
import { presentedSecret } from '../auth/sessions.ts';
import { isDbUnavailable } from '../db/errors.ts';
import { isInside, type Caller } from '../http/caller.ts';
import { onEvent } from './onEvent.ts';
import { roomsFor } from './rooms.ts';

interface SocketData {
  caller: Caller;
  presented: { secret: string; via: 'bearer' | 'cookie' };
}
type GcServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type GcSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export interface RealtimeDeps {
  db: Queryable;
  revocations: Revocations;
  /** How often every socket's credential is checked again (expiry, idle timeout, revocation elsewhere). */
  recheckMs?: number;
  /** The adapter that joins several server processes (realtime/cluster.ts); in-process by default. */
  adapter?: ServerOptions['adapter'];
}

/**
 * A screen whose connection drops for up to two minutes (a Wi-Fi hiccup, a server restart behind a
 * load balancer) gets the events it missed when it reconnects; the handshake is checked again.
 */
const RECOVERY = { maxDisconnectionDuration: 2 * 60_000, skipMiddlewares: false };

export interface Realtime {
  io: GcServer;
  /** Sends to the rooms of the region and of every ancestor (and the whole-installation room). */
  emitRegionUpdated(payload: RegionUpdated): void;
  close(): Promise<void>;
}

export { roomsFor };

/**
 * Socket.IO on the HTTP server: the handshake authenticates with the same session cookie or bearer
 * token as the REST API (bearer via `auth: { token }` or the Authorization header); a socket only
 * ever joins rooms inside its jurisdiction.
 */
export function createRealtime(httpServer: HttpServer, deps: RealtimeDeps): Realtime {
  const { db, revocations } = deps;
  const io: GcServer = new Server(httpServer, {
    serveClient: false,
    maxHttpBufferSize: 64 * 1024,
    connectionStateRecovery: RECOVERY,
    ...(deps.adapter ? { adapter: deps.adapter } : {}),
  });

  // The handshake is anyone's input: whatever it holds ends as a connect_error, never as an
  // exception (an async middleware that throws is an unhandled rejection: the process would exit).
  io.use((socket, next) => {
    handshake(socket).then(
      (data) => {
        if (typeof data === 'string') return next(new Error(data));
        socket.data = data;
        next();
      },
      (err: unknown) => next(new Error(isDbUnavailable(err) ? 'unavailable' : 'unauthenticated')),
    );
  });

  /** The caller of a handshake, or why it is refused ('unavailable': the client retries soon). */
  async function handshake(socket: GcSocket): Promise<SocketData | 'forbidden' | 'unauthenticated'> {
    const h = socket.handshake;
    const auth = h.auth as Record<string, unknown> | undefined;
    const token = typeof auth?.token === 'string' ? auth.token : undefined;
    const presented = presentedSecret({
      authorization: token ? `Bearer ${token}` : h.headers.authorization,
      cookie: h.headers.cookie,
    });
    // A cookie rides along with any page's WebSocket: accept it only from our own origin.
    if (presented?.via === 'cookie' && h.headers.origin && !sameOrigin(h.headers.origin, h.headers.host))
      return 'forbidden';
    const caller = presented && (await resolveCredential(db, presented));
    if (!presented || !caller) return 'unauthenticated';
    return { caller, presented };
  }

  io.on('connection', (socket) => {
    void socket.join(regionRoom(socket.data.caller.jurisdiction));
    // Every event re-checks the credential first: a revoked or expired one ends the socket.
    socket.use(async (_packet, next) => {
      if (await recheck(socket)) next();
    });
    onEvent(socket, 'region:subscribe', (payload) => {
      const room = roomInJurisdiction(socket, payload);
      if (!('error' in room)) void socket.join(room.data.room);
      return room;
    });
    onEvent(socket, 'region:unsubscribe', (payload) => {
      const room = roomInJurisdiction(socket, payload);
      if (!('error' in room)) void socket.leave(room.data.room);
      return room;
    });
  });

  /**
   * Resolves the socket's credential again. While the database is unreachable (a restart) the socket
   * keeps what it had: revocations still arrive pushed, and a wall must not be logged out by an outage.
   */
  async function recheck(socket: GcSocket): Promise<boolean> {
    let caller: Caller | undefined;
    try {
      caller = await resolveCredential(db, socket.data.presented);
    } catch (err) {
      if (isDbUnavailable(err)) return true;
      caller = undefined;
    }
    if (!caller) {
      // the periodic re-check may find a revoked credential before the revocation's news does
      end(socket, await whyEnded(db, socket.data.presented).catch(() => 'expired' as const));
      return false;
    }
    socket.data.caller = caller;
    return true;
  }

  const timer = setInterval(() => {
    for (const socket of io.of('/').sockets.values()) void recheck(socket);
  }, deps.recheckMs ?? 30_000);
  timer.unref();

  const onRevoked = (credential: string) => {
    for (const socket of io.of('/').sockets.values()) {
      const c = socket.data.caller;
      if (c.credential === credential || (c.kind === 'user' && credential === `user:${c.id}`))
        end(socket, 'revoked');
    }
  };
  revocations.on('revoked', onRevoked);
  // What a credential may do changed: resolve it again; rooms follow the jurisdiction, so a socket
  // whose jurisdiction, role or public-safe mode moved is ended (the screen logs in again).
  const onChanged = (credential: string) => {
    for (const socket of io.of('/').sockets.values()) {
      const c = socket.data.caller;
      if (
        credential !== '*' &&
        c.credential !== credential &&
        !(c.kind === 'user' && credential === `user:${c.id}`)
      )
        continue;
      void recheck(socket).then((ok) => {
        const n = socket.data.caller;
        if (ok && (n.jurisdiction !== c.jurisdiction || n.role !== c.role || n.publicSafe !== c.publicSafe))
          end(socket, 'revoked');
      });
    }
  };
  revocations.on('changed', onChanged);

  return {
    io,
    emitRegionUpdated: (payload) => io.to(roomsFor(payload.code)).emit('region:updated', payload),
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(timer);
        revocations.off('revoked', onRevoked);
        revocations.off('changed', onChanged);
        void io.close(() => resolve());
      }),
  };
}

function end(socket: GcSocket, reason: 'expired' | 'revoked') {
  socket.emit('session:ended', { reason });
  socket.disconnect(true);
}

/** Validates a subscribe payload; a code outside the jurisdiction reads as not found. */
function roomInJurisdiction(socket: GcSocket, payload: unknown): Ack<{ room: string }> {
  const parsed = regionSubscribeSchema.safeParse(payload);
  if (!parsed.success) return { error: { code: 'invalid', message: 'code must be a region code' } };
  if (!isInside(socket.data.caller, parsed.data.code))
    return { error: { code: 'not_found', message: `region ${parsed.data.code} not found` } };
  return { data: { room: regionRoom(parsed.data.code) } };
}

function sameOrigin(origin: string, host: string | undefined): boolean {
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
