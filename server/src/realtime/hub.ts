import type { Server } from 'socket.io';
import type { ServerToClientEvents } from '../../../contracts/events.ts';
import { roomsFor } from './rooms.ts';

type Io = Server<never, ServerToClientEvents, never, never>;
type EventName = keyof ServerToClientEvents;

/**
 * Where features send live events. Routes and jobs get the hub from Deps before the Socket.IO server
 * exists (the app is built first, then the HTTP server, then Socket.IO); `attach` wires it. Events go to
 * the rooms of a region and its ancestors, so a screen only hears about its own jurisdiction.
 */
export class Hub {
  private io: Io | undefined;

  attach(io: unknown): void {
    this.io = io as Io;
  }

  /** Sends one event to everyone watching `code` (the region's room and its ancestors' rooms). */
  toRegion<E extends EventName>(code: string, event: E, ...args: Parameters<ServerToClientEvents[E]>): void {
    if (!this.io) return;
    // socket.io's typed emit wants a tuple it can check; the signature above already did.
    (this.io.to(roomsFor(code)).emit as (e: string, ...a: unknown[]) => boolean)(event, ...args);
  }

  /** Sends one event to exactly these rooms (for features that group recipients themselves). */
  toRooms<E extends EventName>(
    rooms: string[],
    event: E,
    ...args: Parameters<ServerToClientEvents[E]>
  ): void {
    if (!this.io || rooms.length === 0) return;
    (this.io.to(rooms).emit as (e: string, ...a: unknown[]) => boolean)(event, ...args);
  }

  /** The Socket.IO server, once attached (features that register their own socket handlers). */
  get server(): Io | undefined {
    return this.io;
  }
}
