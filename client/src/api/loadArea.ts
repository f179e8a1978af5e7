import { useCallback, useEffect, useState } from 'react';
import { basemapSchema } from '../../../contracts/basemap.ts';
import { buildingCollectionSchema } from '../../../contracts/buildings.ts';
import type { Bbox } from '../../../contracts/geo.ts';
import { regionTreeSchema } from '../../../contracts/regions.ts';
import { useBuildings } from '../store/buildings.ts';
import { useRegions } from '../store/regions.ts';
import { api } from './http.ts';
import { fetchRegionDetail } from './regionDetail.ts';

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
export async function loadArea(): Promise<void> {
  const { regions: tree } = await api('/api/regions', regionTreeSchema);
  const tops = await Promise.all(tree.map((r) => fetchRegionDetail(r.code)));
  const bbox = unionBbox(tops.map((d) => d.bbox));
  if (!bbox) throw new Error('no region in this jurisdiction');
  useRegions.getState().setArea(tree, bbox);
  const param = bbox.map((n) => n.toFixed(6)).join(',');
  const [buildings, basemap] = await Promise.all([
    api(`/api/buildings?bbox=${param}&limit=20000`, buildingCollectionSchema),
    api(`/api/basemap?bbox=${param}`, basemapSchema),
  ]);
  useBuildings.getState().setCollection(buildings);
  useRegions.getState().setBasemap(basemap);
}

export type AreaState = { status: 'loading' } | { status: 'ready' } | { status: 'error'; message: string };

/** Loads the area once per mount; `retry()` loads it again after an error. */
export function useAreaLoader(): AreaState & { retry(): void } {
  const [attempt, setAttempt] = useState(0);
  const [state, setState] = useState<AreaState>({ status: 'loading' });
  useEffect(() => {
    let live = true;
    loadArea().then(
      () => live && setState({ status: 'ready' }),
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
