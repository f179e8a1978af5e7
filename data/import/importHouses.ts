import type { Db } from '../../server/src/db/db.ts';
import { resolveBuildingRefs } from './buildingRefs.ts';
import { dbErrorField, writeInChunks } from './chunks.ts';
import { houseKey, upsertHouses, type HouseInsert } from './houses.sql.ts';
import { parseCsv, type ImportInput } from './input.ts';
import { dropDuplicates, houseLabel, validateHouse } from './people.ts';
import { emptyReport, isRejection, type ImportReport, type ProgressFn } from './report.ts';

const REQUIRED = [['building_id', 'building_source_id'], ['floor'], ['room']] as const;

/**
 * Imports houses.csv: validates rows, resolves buildings (by id or source + source_id), then
 * upserts on (building, entrance, floor, room) in chunks. Unknown buildings are rejected rows.
 */
export async function importHouses(
  db: Db,
  input: ImportInput,
  _opts: object = {},
  onProgress?: ProgressFn,
): Promise<ImportReport> {
  const records = parseCsv(input, REQUIRED);
  const report = emptyReport(input.file, 'houses', records.length);
  const valid = records
    .map(validateHouse)
    .flatMap((r) => (isRejection(r) ? (report.rejected.push(r), []) : [r]));
  const rows = dropDuplicates(valid, (r) => houseLabel(r.data), 'room', report.rejected);
  const buildingOf = await resolveBuildingRefs(
    db,
    rows.map((r) => r.data),
  );
  const inserts: (HouseInsert & { row: number; label: string })[] = [];
  for (const r of rows) {
    const buildingId = buildingOf(r.data);
    if (buildingId === undefined) {
      report.rejected.push({
        row: r.row,
        id: r.id,
        field: r.data.building_id === undefined ? 'building_source_id' : 'building_id',
        code: 'unknown_building',
        reason: 'no such building',
      });
      continue;
    }
    const { entrance, floor, room, status, area_m2 } = r.data;
    inserts.push({
      row: r.row,
      label: r.id,
      buildingId,
      entrance,
      floor,
      room,
      status,
      areaM2: area_m2 ?? null,
    });
  }
  // Two spellings of one building (id and source ref) must not reach one INSERT … ON CONFLICT twice.
  const unique = dropDuplicates(inserts, houseKey, 'room', report.rejected);
  const base = records.length - unique.length;
  const written = await writeInChunks(
    unique,
    (chunk) => upsertHouses(db, chunk),
    (row, err) =>
      report.rejected.push({ row: row.row, id: row.label, ...fieldOf(err), code: 'db', reason: err.message }),
    (done) => onProgress?.({ done: base + done, total: records.length }),
  );
  for (const { out } of written) {
    if (out.inserted) report.inserted++;
    else report.updated++;
  }
  report.rejected.sort((a, b) => a.row - b.row);
  return report;
}

function fieldOf(err: Error): { field?: string } {
  const field = dbErrorField(err, 'houses', [
    'building_id',
    'entrance',
    'floor',
    'room',
    'status',
    'area_m2',
  ]);
  return field ? { field } : {};
}
