import { create } from 'zustand';
import type {
  OccupancyAnswer,
  OccupancyLevel,
  OccupancyMetric,
  OccupancyProfile,
  OccupancyTrend,
} from '../../../contracts/occupancy.ts';

export interface OccupancyState {
  open: boolean;
  /** The region analysed (null: the caller's jurisdiction). */
  region: string | null;
  level: OccupancyLevel;
  sort: OccupancyMetric;
  order: 'asc' | 'desc';
  /** The metric the ranking chart draws (the table can sort by another). */
  metric: OccupancyMetric;
  table: OccupancyAnswer | null;
  profile: OccupancyProfile | null;
  trend: OccupancyTrend | null;
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: string | null;
  set(patch: Partial<Omit<OccupancyState, 'set'>>): void;
}

export const useOccupancy = create<OccupancyState>()((set) => ({
  open: false,
  region: null,
  level: 'community',
  sort: 'residents',
  order: 'desc',
  metric: 'residents',
  table: null,
  profile: null,
  trend: null,
  status: 'idle',
  error: null,
  set: (patch) => set(patch),
}));

/** The level a region's units are counted at: the next one down (a grid cell's units are buildings). */
export function childLevel(code: string): OccupancyLevel {
  if (code.length <= 6) return 'street';
  if (code.length === 9) return 'community';
  if (code.length === 12) return 'grid';
  return 'building';
}

/** The region one level up of a code (a grid cell's community …), or null above the jurisdiction. */
export function parentRegion(code: string, jurisdiction: string): string | null {
  if (code.length <= Math.max(6, jurisdiction.length)) return null;
  return code.slice(0, code.length - 3);
}
