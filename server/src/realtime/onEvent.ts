import type { Socket } from 'socket.io';
import type { Ack } from '../../../contracts/events.ts';

/**
 * Registers a client → server event whose answer is an ack `{ data } | { error }`. Clients send
 * anything: no payload, extra arguments, an ack in another place, or none. The ack is the last
 * argument when it is a function; the payload is the one argument before it. Any other shape is
 * answered `invalid` at once (a handler given the ack as its payload would never answer, and the
 * client would wait forever). A handler that throws answers `internal`.
 */
export function onEvent(
  socket: Socket,
  event: string,
  handler: (payload: unknown) => Ack<unknown> | Promise<Ack<unknown>>,
): void {
  socket.on(event, (...args: unknown[]) => {
    const ack = typeof args.at(-1) === 'function' ? (args.pop() as (a: Ack<unknown>) => void) : undefined;
    const reply = (a: Ack<unknown>) => ack?.(a);
    if (args.length !== 1) {
      reply({ error: { code: 'invalid', message: `${event}: send one payload (got ${args.length})` } });
      return;
    }
    Promise.resolve()
      .then(() => handler(args[0]))
      .then(reply, (err: unknown) => {
        console.error(`[socket] ${event} failed:`, err);
        reply({ error: { code: 'internal', message: 'internal server error' } });
      });
  });
}
