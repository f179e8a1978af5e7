import {
  OCCUPANCY_PATH,
  occupancyAnswerSchema,
  occupancyProfileSchema,
  occupancyTrendSchema,
} from '../../../contracts/occupancy.ts';
import { api } from '../api/http.ts';
import { useOccupancy } from './occupancyStore.ts';

/** The query of the store's table settings (the same for the screen and its export). */
export function tableQuery(extra: Record<string, string> = {}): URLSearchParams {
  const s = useOccupancy.getState();
  const q = new URLSearchParams({ level: s.level, sort: s.sort, order: s.order, ...extra });
  if (s.region !== null) q.set('region', s.region);
  return q;
}

let seq = 0;

/** Loads the ranking table, the distributions and the trend of the current region together. */
export async function loadOccupancy(): Promise<void> {
  const mine = ++seq;
  const s = useOccupancy.getState();
  s.set({ status: 'loading', error: null });
  const region = s.region === null ? '' : `region=${s.region}`;
  try {
    const [table, profile, trend] = await Promise.all([
      api(`${OCCUPANCY_PATH}?${tableQuery()}`, occupancyAnswerSchema),
      api(`${OCCUPANCY_PATH}/profile?${region}`, occupancyProfileSchema),
      api(`${OCCUPANCY_PATH}/trend?months=12&${region}`, occupancyTrendSchema),
    ]);
    if (mine === seq) useOccupancy.getState().set({ table, profile, trend, status: 'ready' });
  } catch (e) {
    if (mine === seq)
      useOccupancy.getState().set({ status: 'error', error: e instanceof Error ? e.message : String(e) });
  }
}

/** Where the browser downloads a table from (the session cookie authenticates; the server audits). */
export function exportUrl(
  table: 'units' | 'trend' | 'profile',
  format: 'csv' | 'xlsx',
  lang: string,
): string {
  return `${OCCUPANCY_PATH}/export?${tableQuery({ table, format, lang })}`;
}
