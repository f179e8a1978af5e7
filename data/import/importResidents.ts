import type { Db } from '../../server/src/db/db.ts';
import { resolveBuildingRefs } from './buildingRefs.ts';
import { dbErrorField, writeInChunks } from './chunks.ts';
import { findHouseIds, findHouseIdsByAddress, houseKey, type HouseAddress } from './houses.sql.ts';
import { parseCsv, type ImportInput } from './input.ts';
import { dropDuplicates, houseLabel, validateResident } from './people.ts';
import { emptyReport, isRejection, type ImportReport, type ProgressFn, type Rejection } from './report.ts';
import { upsertResidents, type ResidentInsert } from './residents.sql.ts';

const REQUIRED = [['name'], ['id_number'], ['house_id', 'building_id', 'building_source_id']] as const;

/**
 * Imports residents.csv. Duplicate ID numbers: a person already in the database is UPDATED
 * (moved to the row's house, fields replaced) so re-importing a file is idempotent; a second row
 * with the same ID number within one file is REJECTED (code 'duplicate'), the first one wins.
 */
export async function importResidents(
  db: Db,
  input: ImportInput,
  _opts: object = {},
  onProgress?: ProgressFn,
): Promise<ImportReport> {
  const records = parseCsv(input, REQUIRED);
  const report = emptyReport(input.file, 'residents', records.length);
  const checked = records.map(validateResident);
  const valid = checked.flatMap((r) => (isRejection(r) ? (report.rejected.push(r), []) : [r]));
  const rows = dropDuplicates(valid, (r) => r.data.id_number, 'id_number', report.rejected);
  const houseOf = await resolveHouses(
    db,
    rows.map((r) => r.data),
  );
  const inserts: (ResidentInsert & { row: number })[] = [];
  for (const { row, data: d } of rows) {
    const houseId = houseOf(d);
    if (typeof houseId !== 'number') {
      report.rejected.push({ row, id: d.id_number, ...houseId });
      continue;
    }
    inserts.push({
      row,
      houseId,
      name: d.name,
      idNumber: d.id_number,
      sex: d.sex,
      birthDate: d.birth_date,
      phone: d.phone ?? null,
      relation: d.relation,
      category: d.category,
      keyTags: d.key_tags,
      careTags: d.care_tags,
    });
  }
  const base = records.length - inserts.length;
  const written = await writeInChunks(
    inserts,
    (chunk) => upsertResidents(db, chunk),
    (row, err) =>
      report.rejected.push({
        row: row.row,
        id: row.idNumber,
        ...fieldOf(err),
        code: 'db',
        reason: err.message,
      }),
    (done) => onProgress?.({ done: base + done, total: records.length }),
  );
  for (const { row, out } of written) {
    if (out.id === null)
      report.rejected.push({
        row: row.row,
        id: row.idNumber,
        field: 'house_id',
        code: 'unknown_house',
        reason: 'house was removed during the import',
      });
    else if (out.inserted) report.inserted++;
    else report.updated++;
  }
  report.rejected.sort((a, b) => a.row - b.row);
  return report;
}

type HouseRef = Parameters<typeof houseLabel>[0] & {
  house_id?: number | undefined;
  building_id?: number | undefined;
  building_source?: string | undefined;
  building_source_id?: string | undefined;
  entrance: number;
  floor?: number | undefined;
  room?: string | undefined;
};

/** Resolves house_id or building + entrance/floor/room to a house id, or says why not. */
async function resolveHouses(
  db: Db,
  refs: readonly HouseRef[],
): Promise<(r: HouseRef) => number | Omit<Rejection, 'row'>> {
  const byId = await findHouseIds(
    db,
    refs.flatMap((r) => (r.house_id === undefined ? [] : [r.house_id])),
  );
  const addressed = refs.filter((r) => r.house_id === undefined);
  const buildingOf = await resolveBuildingRefs(db, addressed);
  const address = (r: HouseRef): HouseAddress | undefined => {
    const buildingId = buildingOf(r);
    return buildingId === undefined
      ? undefined
      : { buildingId, entrance: r.entrance, floor: r.floor!, room: r.room! };
  };
  const byAddress = await findHouseIdsByAddress(
    db,
    addressed.flatMap((r) => address(r) ?? []),
  );
  return (r) => {
    if (r.house_id !== undefined) {
      return byId.has(r.house_id)
        ? r.house_id
        : { field: 'house_id', code: 'unknown_house', reason: `no house ${r.house_id}` };
    }
    const a = address(r);
    if (!a)
      return {
        field: r.building_id === undefined ? 'building_source_id' : 'building_id',
        code: 'unknown_building',
        reason: 'no such building',
      };
    return (
      byAddress.get(houseKey(a)) ?? {
        field: 'room',
        code: 'unknown_house',
        reason: `no house ${houseLabel(r)} in that building`,
      }
    );
  };
}

function fieldOf(err: Error): { field?: string } {
  const field = dbErrorField(err, 'residents', [
    'name',
    'id_number',
    'sex',
    'birth_date',
    'phone',
    'relation',
    'category',
    'key_tags',
    'care_tags',
  ]);
  return field ? { field } : {};
}
