import { useCallback, useEffect, useState } from 'react';
import { basemapSchema } from '../../../contracts/basemap.ts';
import { buildingCollectionSchema } from '../../../contracts/buildings.ts';
import type { Bbox } from '../../../contracts/geo.ts';
import { regionTreeSchema } from '../../../contracts/regions.ts';
import { useBuildings } from '../store/buildings.ts';
import { useRegions } from '../store/regions.ts';
import { api } from './http.ts';
import { loadAreaInfo } from '../installation/installationApi.ts';

/** The smallest box holding all the given boxes. */
export function unionBbox(boxes: Bbox[]): Bbox | null {
  if (boxes.length === 0) return null;
  return boxes.reduce<Bbox>(
    (a, b) => [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])],
    boxes[0]!,
  );
}

/**
 * The caller's area: the region tree, the bbox of its top region(s), then the buildings and the
 * basemap inside that bbox. The map starts drawing once the buildings are in the store.
 */
export async function loadArea(): Promise<'ready' | 'empty'> {
  const [{ regions: tree }, area] = await Promise.all([
    api('/api/regions', regionTreeSchema),
    loadAreaInfo(),
  ]);
  // the jurisdiction's own extent, wherever in the world (installation/installation.sql.ts)
  const bbox = area.bbox;
  useRegions.getState().setArea(tree, bbox);
  if (!bbox) return 'empty';
  const param = bbox.map((n) => n.toFixed(6)).join(',');
  const [buildings, basemap] = await Promise.all([
    api(`/api/buildings?bbox=${param}&limit=20000`, buildingCollectionSchema),
    api(`/api/basemap?bbox=${param}`, basemapSchema),
  ]);
  useBuildings.getState().setCollection(buildings);
  useRegions.getState().setBasemap(basemap);
  return area.counts.buildings > 0 ? 'ready' : 'empty';
}

/** 'empty': nothing imported yet (installation/EmptyArea.tsx says what to import). */
export type AreaState =
  { status: 'loading' } | { status: 'ready' } | { status: 'empty' } | { status: 'error'; message: string };

/** Loads the area once per mount; `retry()` loads it again after an error. */
export function useAreaLoader(): AreaState & { retry(): void } {
  const [attempt, setAttempt] = useState(0);
  const [state, setState] = useState<AreaState>({ status: 'loading' });
  useEffect(() => {
    let live = true;
    loadArea().then(
      (status) => live && setState({ status }),
      (e: unknown) =>
        live && setState({ status: 'error', message: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      live = false;
    };
  }, [attempt]);
  const retry = useCallback(() => {
    setState({ status: 'loading' });
    setAttempt((n) => n + 1);
  }, []);
  return { ...state, retry };
}
