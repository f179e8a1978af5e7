import type { Server, Socket } from 'socket.io';
import type { Ack } from '../../../contracts/events.ts';
import {
  workersRoom,
  type PositionPoint,
  type PositionReportResult,
  type WorkersClientToServerEvents,
} from '../../../contracts/workers.ts';
import type { Caller } from '../http/caller.ts';
import { isDbUnavailable } from '../db/errors.ts';
import { HttpError } from '../http/errors.ts';
import { onEvent } from '../realtime/onEvent.ts';
import type { PositionsService } from './positions.service.ts';
import { readPositionBatch } from './positions.validate.ts';
import { Overloaded } from './positions.writer.ts';

type PositionsSocket = Socket<WorkersClientToServerEvents, never, never, { caller: Caller }>;

/**
 * Live positions on the realtime server (authenticated by realtime.ts's handshake): sockets whose
 * caller may see workers join `workers:<jurisdiction>` for the binary frames; a phone's socket may
 * report positions with `positions:report` and gets the answer after the commit.
 */
export function attachPositionsSocket(io: unknown, service: PositionsService): void {
  (io as Server).on('connection', (raw: Socket) => {
    const socket = raw as unknown as PositionsSocket;
    const caller = socket.data.caller;
    if (caller.permissions.has('workers.read')) void socket.join(workersRoom(caller.jurisdiction));
    onEvent(raw, 'positions:report', (payload) => report(service, socket.data.caller, payload));
  });
}

async function report(
  service: PositionsService,
  caller: Caller,
  payload: unknown,
): Promise<Ack<PositionReportResult>> {
  let points: PositionPoint[];
  try {
    points = readPositionBatch(payload, 'payload');
  } catch (err) {
    const message = err instanceof HttpError ? err.message : 'payload: invalid';
    return { error: { code: 'invalid', message } };
  }
  try {
    const worker = await service.workerOf(caller);
    return { data: await service.report(worker.id, points) };
  } catch (err) {
    if (err instanceof Overloaded)
      return { error: { code: 'overloaded', message: 'server busy, resend later' } };
    if (err instanceof HttpError) return { error: { code: err.code, message: err.message } };
    if (isDbUnavailable(err))
      return {
        error: { code: 'unavailable', message: 'database not reachable: nothing stored, resend later' },
      };
    console.error('[positions] socket report failed:', err);
    return { error: { code: 'internal', message: 'internal server error' } };
  }
}
