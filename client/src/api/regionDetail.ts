import { useEffect, useState } from 'react';
import { regionDetailSchema, type RegionDetail } from '../../../contracts/regions.ts';
import { api } from './http.ts';

/** Region details change only with imports: one request per code for the tab's life. */
const cache = new Map<string, Promise<RegionDetail>>();

export function fetchRegionDetail(code: string): Promise<RegionDetail> {
  let p = cache.get(code);
  if (!p) {
    p = api(`/api/regions/${encodeURIComponent(code)}`, regionDetailSchema);
    p.catch(() => cache.delete(code));
    cache.set(code, p);
  }
  return p;
}

/** Forgets every detail (on logout: another caller may see another jurisdiction). */
export function clearRegionDetails(): void {
  cache.clear();
}

export type RegionDetailsState =
  { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; details: RegionDetail[] };

/** The details of the given regions (several when the caller's area has more than one top region). */
export function useRegionDetails(codes: string[]): RegionDetailsState {
  const key = codes.join(',');
  const [state, setState] = useState<{ key: string; value: RegionDetailsState }>({
    key: '',
    value: { status: 'loading' },
  });
  useEffect(() => {
    if (!key) return;
    let live = true;
    Promise.all(key.split(',').map(fetchRegionDetail)).then(
      (details) => live && setState({ key, value: { status: 'ready', details } }),
      (e: unknown) => live && setState({ key, value: { status: 'error', message: String(e) } }),
    );
    return () => {
      live = false;
    };
  }, [key]);
  return state.key === key ? state.value : { status: 'loading' };
}
