import type { Queryable } from '../db/db.ts';
import type { Bbox } from '../../../contracts/geo.ts';
import type { BuildingCollection, BuildingDetail } from '../../../contracts/buildings.ts';
import type { BuildingResidents, Resident } from '../../../contracts/residents.ts';
import type { Caller } from '../http/caller.ts';
import { notFound } from '../http/errors.ts';
import {
  listVisibility,
  maskPhone,
  maskRoom,
  protectResident,
  type Visibility,
} from '../residents/masking.ts';
import {
  selectBuilding,
  selectBuildingHeader,
  selectBuildingsInBbox,
  selectGridWorkers,
  selectHouseResidents,
  type HouseResidentRow,
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

/** 以房找人: houses grouped entrance → floor → room, each with its residents, masked per caller. */
export async function buildingResidents(
  db: Queryable,
  id: number,
  caller: Caller,
): Promise<BuildingResidents> {
  const building = await selectBuildingHeader(db, id, caller.jurisdiction);
  if (!building) throw notFound(`building ${id}`, 'id');
  const rows = await selectHouseResidents(db, id);
  return { building, entrances: groupHouses(rows, listVisibility(caller)) };
}

type Entrances = BuildingResidents['entrances'];
type House = Entrances[number]['floors'][number]['houses'][number];

/** Rooms are masked within their floor (maskRoom); houses keep their ids and order. */
export function groupHouses(rows: readonly HouseResidentRow[], vis: Visibility): Entrances {
  const entrances: Entrances = [];
  let house: House | undefined;
  for (const row of rows) {
    let ent = entrances.at(-1);
    if (ent?.entrance !== row.entrance) entrances.push((ent = { entrance: row.entrance, floors: [] }));
    let floor = ent.floors.at(-1);
    if (floor?.floor !== row.floor) ent.floors.push((floor = { floor: row.floor, houses: [] }));
    if (house?.id !== row.houseId) {
      house = {
        id: row.houseId,
        room: vis.unmasked ? row.room : maskRoom(row.room, row.floor),
        status: row.status,
        areaM2: row.areaM2,
        residents: [],
      };
      floor.houses.push(house);
    }
    if (row.residentId !== null) house.residents.push(toResident(row, vis));
  }
  return entrances;
}

/** Only called for rows with a resident (LEFT JOIN matched), so the resident columns are set. */
function toResident(row: HouseResidentRow, vis: Visibility): Resident {
  return protectResident(
    {
      id: row.residentId!,
      name: row.name!,
      sex: row.sex!,
      age: row.age!,
      idNumber: row.idNumber!,
      phone: row.phone,
      relation: row.relation!,
      category: row.category!,
      careTags: row.careTags ?? [],
      keyTags: row.keyTags,
    },
    vis,
  );
}
