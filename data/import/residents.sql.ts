import type { Queryable } from '../../server/src/db/db.ts';

export interface ResidentInsert {
  houseId: number;
  name: string;
  idNumber: string;
  sex: 'M' | 'F';
  birthDate: string;
  phone: string | null;
  relation: string;
  category: string;
  keyTags: readonly string[];
  careTags: readonly string[];
}

/**
 * Inserts or updates (on id_number: a person already on file moves to the new house) one chunk of
 * residents, copying grid_code from the house's building. One result per input row, in order
 * (id null when the house vanished since it was looked up).
 * A missing phone keeps the stored one.
 */
export async function upsertResidents(
  db: Queryable,
  rows: readonly ResidentInsert[],
): Promise<{ id: number | null; inserted: boolean | null }[]> {
  const { rows: out } = await db.query<{ id: number | null; inserted: boolean | null }>(
    `WITH u AS (
       SELECT * FROM unnest($1::int4[], $2::int8[], $3::text[], $4::text[], $5::text[], $6::date[], $7::text[],
                            $8::text[], $9::text[], $10::text[], $11::text[])
         AS u(ord, house_id, name, id_number, sex, birth_date, phone, relation, category, key_tags, care_tags)
     ), ins AS (
       INSERT INTO residents AS r (house_id, grid_code, name, id_number, sex, birth_date, phone, relation, category, key_tags, care_tags)
       SELECT u.house_id, b.grid_code, u.name, u.id_number, u.sex, u.birth_date, u.phone, u.relation, u.category,
              u.key_tags::text[], u.care_tags::text[]
       FROM u JOIN houses h ON h.id = u.house_id JOIN buildings b ON b.id = h.building_id
       ON CONFLICT (id_number) DO UPDATE SET
         house_id = EXCLUDED.house_id, grid_code = EXCLUDED.grid_code, name = EXCLUDED.name, sex = EXCLUDED.sex,
         birth_date = EXCLUDED.birth_date, phone = COALESCE(EXCLUDED.phone, r.phone), relation = EXCLUDED.relation,
         category = EXCLUDED.category, key_tags = EXCLUDED.key_tags, care_tags = EXCLUDED.care_tags
       RETURNING r.id, r.id_number, (r.xmax = 0) AS inserted
     )
     SELECT ins.id, ins.inserted FROM u LEFT JOIN ins USING (id_number) ORDER BY u.ord`,
    [
      rows.map((_, i) => i),
      rows.map((r) => r.houseId),
      rows.map((r) => r.name),
      rows.map((r) => r.idNumber),
      rows.map((r) => r.sex),
      rows.map((r) => r.birthDate),
      rows.map((r) => r.phone),
      rows.map((r) => r.relation),
      rows.map((r) => r.category),
      rows.map((r) => pgTextArray(r.keyTags)),
      rows.map((r) => pgTextArray(r.careTags)),
    ],
  );
  return out;
}

/** text[] travels as an array literal: unnest() of a 2-D array would flatten it. */
function pgTextArray(items: readonly string[]): string {
  return `{${items.map((s) => `"${s.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
}
