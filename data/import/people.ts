import { idNumberFacts, idNumberProblem } from '../../contracts/idNumber.ts';
import type { CsvRecord } from './input.ts';
import type { Rejection } from './report.ts';
import { houseRowSchema, residentRowSchema, zodRejection, type HouseRow, type ResidentRow } from './rows.ts';

/** Pure row validation for houses.csv and residents.csv (no database). */
export const HOUSE_COLUMNS = [
  'building_id',
  'building_source',
  'building_source_id',
  'entrance',
  'floor',
  'room',
  'status',
  'area_m2',
] as const;
export const RESIDENT_COLUMNS = [
  'name',
  'id_number',
  'sex',
  'birth_date',
  'phone',
  'category',
  'relation',
  'key_tags',
  'care_tags',
  'house_id',
  'building_id',
  'building_source',
  'building_source_id',
  'entrance',
  'floor',
  'room',
] as const;

export type Validated<T> = { row: number; id: string; data: T };

export function validateHouse(rec: CsvRecord): Validated<HouseRow> | Rejection {
  const id = houseLabel(rec.values);
  const r = houseRowSchema.safeParse(rec.values);
  if (!r.success) return { row: rec.line, ...(id ? { id } : {}), ...zodRejection(r.error, rec.values) };
  if (r.data.building_id === undefined && r.data.building_source === undefined) {
    return {
      row: rec.line,
      id,
      field: 'building_source',
      code: 'required',
      reason: 'building_source_id needs building_source',
    };
  }
  return { row: rec.line, id, data: r.data };
}

/** Validates a resident row and checks sex and birth date against the ID number (filling them in when absent). */
export function validateResident(
  rec: CsvRecord,
): Validated<ResidentRow & { sex: 'M' | 'F'; birth_date: string }> | Rejection {
  const id = rec.values.id_number?.toUpperCase();
  const at = { row: rec.line, ...(id ? { id } : {}) };
  const r = residentRowSchema.safeParse(rec.values);
  if (!r.success) return { ...at, ...zodRejection(r.error, rec.values) };
  const d = r.data;
  const problem = idNumberProblem(d.id_number);
  if (problem) {
    const why = {
      format: 'not 17 digits + check digit/X',
      birth_date: 'impossible birth date',
      checksum: 'wrong check character',
    };
    return { ...at, field: 'id_number', code: `id_${problem}`, reason: `ID number: ${why[problem]}` };
  }
  const facts = idNumberFacts(d.id_number);
  if (d.sex !== undefined && d.sex !== facts.sex) {
    return {
      ...at,
      field: 'sex',
      code: 'id_mismatch',
      reason: `sex ${d.sex} does not match the ID number (${facts.sex})`,
    };
  }
  if (d.birth_date !== undefined && d.birth_date !== facts.birthDate) {
    return {
      ...at,
      field: 'birth_date',
      code: 'id_mismatch',
      reason: `birth date ${d.birth_date} does not match the ID number (${facts.birthDate})`,
    };
  }
  if (d.building_id === undefined && d.house_id === undefined && d.building_source === undefined) {
    return {
      ...at,
      field: 'building_source',
      code: 'required',
      reason: 'building_source_id needs building_source',
    };
  }
  return { row: rec.line, id: d.id_number, data: { ...d, sex: facts.sex, birth_date: facts.birthDate } };
}

/** "b12/1/3/301" or "src:osm1/1/3/301": a house address for reports and duplicate checks. */
export function houseLabel(v: Record<string, unknown>): string {
  const b = v.building_id ?? `${String(v.building_source ?? '')}:${String(v.building_source_id ?? '')}`;
  return `${String(b)}/${String(v.entrance ?? 1)}/${String(v.floor ?? '')}/${String(v.room ?? '')}`;
}

/** Rejects later rows whose key repeats an earlier one; returns the first occurrences. */
export function dropDuplicates<T extends { row: number }>(
  rows: readonly T[],
  key: (r: T) => string,
  field: string,
  rejected: Rejection[],
): T[] {
  const first = new Map<string, number>();
  return rows.filter((r) => {
    const k = key(r);
    const seen = first.get(k);
    if (seen === undefined) return (first.set(k, r.row), true);
    rejected.push({ row: r.row, id: k, field, code: 'duplicate', reason: `same ${field} as line ${seen}` });
    return false;
  });
}
