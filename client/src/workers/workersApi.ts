import {
  trackAnswerSchema,
  workerCardSchema,
  workerListSchema,
  type TrackAnswer,
  type WorkerCard,
  type WorkerList,
} from '../../../contracts/workers.ts';
import { api } from '../api/http.ts';

/** Every worker of the caller's jurisdiction with the latest fix (masked phones). */
export function fetchWorkers(signal?: AbortSignal): Promise<WorkerList> {
  return api('/api/workers', workerListSchema, { signal });
}

export function fetchWorkerCard(id: number, signal?: AbortSignal): Promise<WorkerCard> {
  return api(`/api/workers/${id}`, workerCardSchema, { signal });
}

/**
 * Tracks of several workers on one time range. resolutionM is the ground size of a screen pixel
 * at the district view: the server simplifies paths to it, so a day costs a few hundred vertices.
 */
export function fetchTracks(
  q: { ids: number[]; from: number; to: number; resolutionM?: number },
  signal?: AbortSignal,
): Promise<TrackAnswer> {
  const params = new URLSearchParams({
    ids: q.ids.join(','),
    from: String(Math.floor(q.from)),
    to: String(Math.ceil(q.to)),
    resolutionM: String(q.resolutionM ?? 2),
  });
  return api(`/api/workers/tracks?${params.toString()}`, trackAnswerSchema, { signal });
}
