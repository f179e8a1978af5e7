import { useCallback, useEffect, useRef } from 'react';
import { decodeFrame } from '../../../contracts/workers.ts';
import { useSocketEvent } from '../api/socket.ts';
import { updateWorkersHooks } from './testHooks.ts';
import { fetchWorkers } from './workersApi.ts';
import { useWorkers } from './workersStore.ts';

/** The list refreshes this often anyway (still-since, battery and cells are computed by the server). */
const LIST_REFRESH_MS = 60_000;
/** A frame with an unknown worker or a duty change refetches the list, at most this often. */
const LIST_MIN_GAP_MS = 5_000;

/**
 * socket → store: the REST list once and every minute, then the binary `positions:frame` ticks
 * merged into the store (newest per worker). Only for callers with workers.read.
 */
export function useWorkersFeed(enabled: boolean) {
  const lastLoad = useRef(0);
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  const frames = useRef(0);

  const reload = useCallback(() => {
    if (pending.current) return;
    const wait = Math.max(0, lastLoad.current + LIST_MIN_GAP_MS - Date.now());
    pending.current = setTimeout(() => {
      pending.current = null;
      lastLoad.current = Date.now();
      fetchWorkers()
        .then((l) => useWorkers.getState().setList(l.workers))
        .catch((e: unknown) => console.warn('[workers] list failed', e));
    }, wait);
  }, []);

  useEffect(() => {
    if (!enabled) return;
    lastLoad.current = 0;
    reload();
    const id = setInterval(reload, LIST_REFRESH_MS);
    return () => {
      clearInterval(id);
      if (pending.current) clearTimeout(pending.current);
      pending.current = null;
    };
  }, [enabled, reload]);

  const onFrame = useCallback(
    (data: ArrayBuffer | Uint8Array) => {
      if (!enabled) return;
      let frame;
      try {
        frame = decodeFrame(data);
      } catch (e) {
        console.warn('[workers] bad frame', e);
        return;
      }
      const unknown = useWorkers.getState().applyFrame(frame);
      updateWorkersHooks({ frames: ++frames.current });
      if (unknown.length) reload();
    },
    [enabled, reload],
  );
  useSocketEvent('positions:frame', onFrame);
  const onDuty = useCallback(() => enabled && reload(), [enabled, reload]);
  useSocketEvent('workers:duty', onDuty);
}
