import { useCallback, useEffect, useRef } from 'react';
import type { CaseEvent } from '../../../contracts/cases.ts';
import { getSocket, useSocketEvent } from '../api/socket.ts';
import { loadCases } from './casesApi.ts';
import { nextLightChange, serverNowMs, useCases } from './casesStore.ts';
import { updateCasesHooks } from './testHooks.ts';

/** Live events reach the store at most this often: a burst becomes one render, newest per id. */
const FLUSH_MS = 100;
/** setTimeout's ceiling (~24.8 days); a later boundary just re-arms. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/**
 * socket → store: loads the list, merges `case:created` / `case:updated` (throttled, newest per
 * id), reloads after a reconnect (events may have been missed), and wakes up exactly when some
 * light changes colour. Renders nothing.
 */
export function CasesFeed() {
  useInitialLoad();
  useLiveEvents();
  useLightTimer();
  useFreshExpiry();
  return null;
}

function useInitialLoad() {
  useEffect(() => {
    const ctrl = new AbortController();
    const load = () =>
      loadCases(ctrl.signal).then(
        () => updateCasesHooks({ loaded: true }),
        (e: unknown) => !ctrl.signal.aborted && console.error('[cases] list failed', e),
      );
    void load();
    // After a reconnect the server may have sent events this screen never got.
    const socket = getSocket();
    const onReconnect = () => void load();
    socket.io.on('reconnect', onReconnect);
    return () => {
      ctrl.abort();
      socket.io.off('reconnect', onReconnect);
    };
  }, []);
}

function useLiveEvents() {
  const pending = useRef(new Map<number, CaseEvent>());
  const fresh = useRef(new Set<number>());
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const lastNow = useRef<string | null>(null);

  const flush = useCallback(() => {
    timer.current = null;
    const events = [...pending.current.values()];
    pending.current.clear();
    const ids = [...fresh.current];
    fresh.current.clear();
    useCases.getState().merge(
      events.map((e) => e.case),
      lastNow.current,
      ids,
    );
  }, []);

  const onEvent = useCallback(
    (e: CaseEvent, created: boolean) => {
      const known = pending.current.get(e.case.id);
      if (!known || known.case.version <= e.case.version) pending.current.set(e.case.id, e);
      if (created) fresh.current.add(e.case.id);
      lastNow.current = e.now;
      timer.current ??= setTimeout(flush, FLUSH_MS);
    },
    [flush],
  );
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  useSocketEvent(
    'case:created',
    useCallback((e: CaseEvent) => onEvent(e, true), [onEvent]),
  );
  useSocketEvent(
    'case:updated',
    useCallback((e: CaseEvent) => onEvent(e, false), [onEvent]),
  );
}

/** One timeout at the next yellow/red boundary of any case, re-armed whenever the cases change. */
function useLightTimer() {
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const arm = () => {
      if (timer) clearTimeout(timer);
      timer = null;
      const { byId, offsetMs } = useCases.getState();
      const now = serverNowMs(offsetMs);
      const next = nextLightChange(byId, now);
      if (next === null) return;
      timer = setTimeout(
        () => useCases.getState().recomputeLights(),
        Math.min(next - now + 5, MAX_TIMEOUT_MS),
      );
    };
    arm();
    const unsubscribe = useCases.subscribe((s, prev) => {
      if (s.byId !== prev.byId || s.offsetMs !== prev.offsetMs || s.lights !== prev.lights) arm();
    });
    return () => {
      unsubscribe();
      if (timer) clearTimeout(timer);
    };
  }, []);
}

/** Clears pulses once they are over (one timeout for the earliest, none when nothing is new). */
function useFreshExpiry() {
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const arm = (fresh: Map<number, number>) => {
      if (timer) clearTimeout(timer);
      timer = null;
      if (fresh.size === 0) return;
      const first = Math.min(...fresh.values());
      timer = setTimeout(() => useCases.getState().expireFresh(), Math.max(0, first - Date.now()) + 5);
    };
    const unsubscribe = useCases.subscribe((s, prev) => {
      if (s.freshUntil !== prev.freshUntil) arm(s.freshUntil);
    });
    return () => {
      unsubscribe();
      if (timer) clearTimeout(timer);
    };
  }, []);
}
