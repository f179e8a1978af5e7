import type { Queryable } from '../db/db.ts';
import type { Bbox } from '../../../contracts/geo.ts';
import type { BuildingCollection, BuildingDetail } from '../../../contracts/buildings.ts';
import type { Caller } from '../http/caller.ts';
import { notFound } from '../http/errors.ts';
import { listVisibility, maskPhone } from '../residents/masking.ts';
import {
  selectBuilding,
  selectBuildingResidentsJson,
  selectBuildingsInBbox,
  selectGridWorkers,
} from './buildings.sql.ts';

export async function buildingsInBbox(
  db: Queryable,
  bbox: Bbox,
  limit: number,
  caller: Caller,
): Promise<BuildingCollection> {
  const rows = await selectBuildingsInBbox(db, bbox, caller.jurisdiction, limit);
  const truncated = rows.length > limit;
  return {
    type: 'FeatureCollection',
    truncated,
    features: rows.slice(0, limit).map(({ geometry, ...properties }) => ({
      type: 'Feature',
      id: properties.id,
      geometry,
      properties,
    })),
  };
}

export async function buildingDetail(db: Queryable, id: number, caller: Caller): Promise<BuildingDetail> {
  const b = await selectBuilding(db, id, caller.jurisdiction);
  if (!b) throw notFound(`building ${id}`, 'id');
  const { gridName, ...rest } = b;
  const workers = b.gridCode ? await selectGridWorkers(db, b.gridCode) : [];
  return {
    ...rest,
    grid: b.gridCode && gridName ? { code: b.gridCode, name: gridName } : null,
    // A grid worker's work phone is for dispatch, but still masked in this read-only view.
    gridWorkers: workers.map((w) => ({ ...w, phone: w.phone === null ? null : maskPhone(w.phone) })),
  };
}

/**
 * 以房找人: houses grouped entrance → floor → room, each with its residents, masked per caller.
 * The database builds the JSON (one round trip); the answer is forwarded as it comes.
 */
export async function buildingResidentsJson(db: Queryable, id: number, caller: Caller): Promise<Buffer> {
  const vis = listVisibility(caller);
  const body = await selectBuildingResidentsJson(db, id, caller.jurisdiction, vis.keyPopulation);
  if (body === undefined) throw notFound(`building ${id}`, 'id');
  return body;
}
