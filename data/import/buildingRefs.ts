import type { Queryable } from '../../server/src/db/db.ts';
import { findBuildingIds, findBuildingIdsBySource } from './houses.sql.ts';

export interface BuildingRef {
  building_id?: number | undefined;
  building_source?: string | undefined;
  building_source_id?: string | undefined;
}

/** Looks up all building references of a file in two queries; the returned function gives the id or undefined. */
export async function resolveBuildingRefs(
  db: Queryable,
  refs: readonly BuildingRef[],
): Promise<(r: BuildingRef) => number | undefined> {
  const ids = await findBuildingIds(db, [
    ...new Set(refs.flatMap((r) => (r.building_id === undefined ? [] : [r.building_id]))),
  ]);
  const bySource = await findBuildingIdsBySource(
    db,
    refs.flatMap((r) =>
      r.building_id === undefined && r.building_source !== undefined && r.building_source_id !== undefined
        ? [{ source: r.building_source, sourceId: r.building_source_id }]
        : [],
    ),
  );
  return (r) => {
    if (r.building_id !== undefined) return ids.has(r.building_id) ? r.building_id : undefined;
    return bySource.get(`${r.building_source ?? ''}\u0000${r.building_source_id ?? ''}`);
  };
}
