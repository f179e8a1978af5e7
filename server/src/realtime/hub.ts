import { randomUUID } from 'node:crypto';
import type { Server } from 'socket.io';
import type { ServerToClientEvents } from '../../../contracts/events.ts';
import { roomsFor } from './rooms.ts';

type Io = Server<never, ServerToClientEvents, never, never>;
type EventName = keyof ServerToClientEvents;
type Emit = (e: string, ...a: unknown[]) => boolean;

/** How often a server tells the others which rooms it has listeners in, and how long that holds. */
const ROOMS_EVERY_MS = 1000;
const ROOMS_VALID_MS = 3500;

/**
 * Where features send live events. Routes and jobs get the hub from Deps before the Socket.IO server
 * exists (the app is built first, then the HTTP server, then Socket.IO); `attach` wires it. Events go to
 * the rooms of a region and its ancestors, so a screen only hears about its own jurisdiction.
 *
 * Behind Redis (REDIS_URL, realtime/cluster.ts) several server processes share the rooms: an event
 * sent here reaches the screens of every server; `toPeers` / `onPeer` carry what only servers need,
 * and `hasListeners` knows the rooms with listeners on any of them.
 */
export class Hub {
  private io: Io | undefined;
  private clustered = false;
  private readonly peerHandlers: [string, (payload: never) => void][] = [];
  private readonly peerRooms = new Map<string, { rooms: Set<string>; until: number }>();

  private readonly attachHandlers: ((io: Server) => void)[] = [];

  /** Wires Socket.IO; returns the stop function of the room announcements (clustered only). */
  attach(io: unknown, opts: { clustered?: boolean } = {}): () => void {
    this.io = io as Io;
    this.clustered = opts.clustered ?? false;
    for (const f of this.attachHandlers.splice(0)) f(io as Server);
    if (!this.clustered) return () => undefined;
    const server = io as Server;
    for (const [event, handler] of this.peerHandlers) server.on(event, handler as (p: unknown) => void);
    server.on('hub:rooms', (p: { id: string; rooms: string[] }) =>
      this.peerRooms.set(p.id, { rooms: new Set(p.rooms), until: Date.now() + ROOMS_VALID_MS }),
    );
    const id = randomUUID();
    const timer = setInterval(
      () => this.toPeers('hub:rooms', { id, rooms: this.localRooms() }),
      ROOMS_EVERY_MS,
    );
    timer.unref();
    return () => clearInterval(timer);
  }

  /** Sends one event to everyone watching `code` (the region's room and its ancestors' rooms). */
  toRegion<E extends EventName>(code: string, event: E, ...args: Parameters<ServerToClientEvents[E]>): void {
    if (!this.io) return;
    // socket.io's typed emit wants a tuple it can check; the signature above already did.
    (this.io.to(roomsFor(code)).emit as Emit)(event, ...args);
  }

  /** Sends one event to exactly these rooms (for features that group recipients themselves). */
  toRooms<E extends EventName>(
    rooms: string[],
    event: E,
    ...args: Parameters<ServerToClientEvents[E]>
  ): void {
    if (!this.io || rooms.length === 0) return;
    (this.io.to(rooms).emit as Emit)(event, ...args);
  }

  /**
   * The same, volatile: dropped for a screen that cannot take it now and never replayed to one that
   * reconnects (live positions: the next frame supersedes this one).
   */
  toRoomsVolatile<E extends EventName>(
    rooms: string[],
    event: E,
    ...args: Parameters<ServerToClientEvents[E]>
  ): void {
    if (!this.io || rooms.length === 0) return;
    (this.io.to(rooms).volatile.emit as Emit)(event, ...args);
  }

  /** Whether a room has listeners on this server or (clustered) on another one. */
  hasListeners(room: string): boolean {
    if ((this.io?.of('/').adapter.rooms.get(room)?.size ?? 0) > 0) return true;
    if (!this.clustered) return false;
    const now = Date.now();
    for (const p of this.peerRooms.values()) if (p.until > now && p.rooms.has(room)) return true;
    return false;
  }

  /** Tells the other server processes (none when not clustered). */
  toPeers(event: string, payload: unknown): void {
    if (this.clustered) (this.io as unknown as Server).serverSideEmit(event, payload);
  }

  /** Hears what other server processes tell (registered once Socket.IO is attached). */
  onPeer<T>(event: string, handler: (payload: T) => void): void {
    this.peerHandlers.push([event, handler as (payload: never) => void]);
    if (this.io && this.clustered) (this.io as unknown as Server).on(event, handler as (p: unknown) => void);
  }

  /** Features that register their own socket handlers do it here, once Socket.IO exists. */
  onAttach(f: (io: Server) => void): void {
    if (this.io) f(this.io as unknown as Server);
    else this.attachHandlers.push(f);
  }

  /** The Socket.IO server, once attached. */
  get server(): Io | undefined {
    return this.io;
  }

  /** Our rooms with listeners here (not the one-socket rooms Socket.IO makes per connection). */
  private localRooms(): string[] {
    const rooms = this.io?.of('/').adapter.rooms;
    return rooms ? [...rooms.keys()].filter((r) => r.includes(':')) : [];
  }
}
