import { CASE_PATHS, caseListSchema } from '../../../contracts/cases.ts';
import { HEAT_PATH, heatAnswerSchema, type HeatAnswer } from '../../../contracts/heat.ts';
import { api } from '../api/http.ts';
import { useHeat } from './heatStore.ts';

const iso = (ms: number) => new Date(ms).toISOString();

/** The query of the store's current settings (the same for the map and the hexagon's case list). */
export function heatQuery(): URLSearchParams {
  const s = useHeat.getState();
  const [from, to] = s.window();
  const q = new URLSearchParams({ layer: s.layer, from: iso(from), to: iso(to), res: String(s.res) });
  if (s.layer === 'cases') {
    if (s.major.length > 0) q.set('major', s.major.join(','));
    if (s.source.length > 0) q.set('source', s.source.join(','));
    if (s.redOnly) q.set('light', 'red');
  }
  return q;
}

let inFlight: AbortController | null = null;

/** Loads the window for the current settings; a newer call aborts the older one (the slider moves fast). */
export async function loadHeat(): Promise<HeatAnswer | null> {
  inFlight?.abort();
  const ctrl = new AbortController();
  inFlight = ctrl;
  useHeat.getState().set({ status: 'loading', error: null });
  try {
    const answer = await api(`${HEAT_PATH}?${heatQuery()}`, heatAnswerSchema, { signal: ctrl.signal });
    if (inFlight === ctrl) useHeat.getState().set({ answer, status: 'ready' });
    return answer;
  } catch (e) {
    if (ctrl.signal.aborted) return null;
    useHeat.getState().set({ status: 'error', error: e instanceof Error ? e.message : String(e) });
    return null;
  }
}

/** The cases of one hexagon in the window (the cases list, masked by the server as always). */
export async function loadHexCases(h3: string): Promise<void> {
  const s = useHeat.getState();
  s.set({ selected: { h3, cases: null, truncated: false } });
  const q = heatQuery();
  const p = new URLSearchParams({ h3, from: q.get('from')!, to: q.get('to')!, limit: '200' });
  for (const k of ['major', 'source'] as const) if (q.has(k)) p.set(k, q.get(k)!);
  if (q.has('light')) p.set('overdue', 'true');
  const list = await api(`${CASE_PATHS.list}?${p}`, caseListSchema);
  if (useHeat.getState().selected?.h3 === h3)
    useHeat.getState().set({ selected: { h3, cases: list.cases, truncated: list.truncated } });
}
