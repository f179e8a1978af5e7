import { useEffect } from 'react';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../contracts/events.ts';
import { useSession } from '../store/session.ts';
import { getDisplayToken } from './http.ts';

export type GcSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

let socket: GcSocket | null = null;

/**
 * The screen's one Socket.IO connection (same origin, the session cookie authenticates it; a wall
 * display passes its token). Live features subscribe with `useSocketEvent`; the socket → store →
 * layer path keeps React out of the hot loop: handlers write to a zustand store, layers read it.
 */
export function getSocket(): GcSocket {
  if (!socket) {
    const token = getDisplayToken();
    socket = io({
      path: '/socket.io',
      transports: ['websocket'],
      withCredentials: true,
      ...(token ? { auth: { token } } : {}),
    });
    socket.on('session:ended', () => {
      closeSocket();
      useSession.getState().setMe(null);
    });
    // A handshake refused by a middleware is not retried by socket.io-client; the server says
    // 'unavailable' while its database restarts, so the wall tries again rather than going dark.
    const own = socket;
    own.on('connect_error', (err) => {
      if (err.message === 'unavailable') setTimeout(() => socket === own && own.connect(), 2000);
    });
  }
  return socket;
}

export function closeSocket(): void {
  socket?.disconnect();
  socket = null;
}

/** Subscribes a handler to a server event for the component's lifetime. */
export function useSocketEvent<E extends keyof ServerToClientEvents>(
  event: E,
  handler: ServerToClientEvents[E],
) {
  useEffect(() => {
    const s = getSocket();
    // socket.io-client's typed `on` cannot relate a generic E to its listener; the signature above does.
    const on = s.on.bind(s) as (e: string, h: (...a: never[]) => void) => void;
    const off = s.off.bind(s) as (e: string, h: (...a: never[]) => void) => void;
    on(event, handler as (...a: never[]) => void);
    return () => off(event, handler as (...a: never[]) => void);
  }, [event, handler]);
}
