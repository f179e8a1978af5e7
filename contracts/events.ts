import { z } from 'zod';
import type { CasesServerToClientEvents } from './cases.ts';
import type { EvaluationServerToClientEvents } from './evaluation.ts';
import { regionCodeSchema } from './regions.ts';
import type { Tiles3dServerToClientEvents } from './tiles3d.ts';
import type { WorkersClientToServerEvents, WorkersServerToClientEvents } from './workers.ts';

/**
 * Socket.IO events, shared by client and server. Events are named `entity:verb`; acks are
 * `{ data } | { error }`. A socket joins `region:<its jurisdiction>` on connect and may subscribe
 * to regions inside it; events are sent to the rooms of the region they concern and its ancestors.
 */
export const regionSubscribeSchema = z.object({ code: regionCodeSchema });
export type RegionSubscribe = z.infer<typeof regionSubscribeSchema>;

/** Something in a region changed (no personal data): screens refetch what they show of it. */
export const regionUpdatedSchema = z.object({
  code: regionCodeSchema,
  what: z.enum(['buildings', 'people', 'places', 'cases']),
  at: z.string(),
});
export type RegionUpdated = z.infer<typeof regionUpdatedSchema>;

export const sessionEndedSchema = z.object({ reason: z.enum(['expired', 'revoked']) });
export type SessionEnded = z.infer<typeof sessionEndedSchema>;

export type AckError = { error: { code: string; message: string } };
export type Ack<T> = { data: T } | AckError;

export interface ClientToServerEvents extends WorkersClientToServerEvents {
  'region:subscribe': (payload: RegionSubscribe, ack: (r: Ack<{ room: string }>) => void) => void;
  'region:unsubscribe': (payload: RegionSubscribe, ack: (r: Ack<{ room: string }>) => void) => void;
}

export interface ServerToClientEvents
  extends
    WorkersServerToClientEvents,
    Tiles3dServerToClientEvents,
    CasesServerToClientEvents,
    EvaluationServerToClientEvents {
  'region:updated': (payload: RegionUpdated) => void;
  /** Sent just before the server disconnects a socket whose session expired or was revoked. */
  'session:ended': (payload: SessionEnded) => void;
}

/** The room of a region code; '' (the whole installation) has its own. */
export const regionRoom = (code: string) => `region:${code === '' ? '*' : code}`;
