import type { Queryable } from '../db/db.ts';
import type { Layer } from '../../../contracts/layers.ts';
import type { layerCreateSchema } from '../../../contracts/layers.ts';
import type { z } from 'zod';

const COLS = `id::float8 AS id, name, kind, url, tiles_version AS "tilesVersion", model_matrix AS "modelMatrix",
  height_offset_m AS "heightOffsetM", classify, jurisdiction,
  to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "createdAt"`;

/** Layers whose jurisdiction is a prefix of the caller's, or inside it. */
const VISIBLE = `(starts_with($1::text, jurisdiction) OR starts_with(jurisdiction, $1::text))`;

export async function selectLayers(db: Queryable, jurisdiction: string): Promise<Layer[]> {
  const { rows } = await db.query<Layer>(`SELECT ${COLS} FROM layers3d WHERE ${VISIBLE} ORDER BY name, id`, [
    jurisdiction,
  ]);
  return rows;
}

/** Inserts a layer; undefined when the name is taken. */
export async function insertLayer(
  db: Queryable,
  l: z.output<typeof layerCreateSchema>,
  jurisdiction: string,
  userId: number | null,
): Promise<Layer | undefined> {
  const { rows } = await db.query<Layer>(
    `INSERT INTO layers3d (name, kind, url, tiles_version, model_matrix, height_offset_m, classify, jurisdiction, created_by)
     VALUES ($1, $2, $3, $4, $5::float8[], $6, $7, $8, $9)
     ON CONFLICT (name) DO NOTHING
     RETURNING ${COLS}`,
    [l.name, l.kind, l.url, l.tilesVersion, l.modelMatrix, l.heightOffsetM, l.classify, jurisdiction, userId],
  );
  return rows[0];
}

/** Deletes a layer registered inside the caller's jurisdiction; false when there is none. */
export async function deleteLayer(db: Queryable, id: number, jurisdiction: string): Promise<boolean> {
  const { rows } = await db.query(
    `DELETE FROM layers3d WHERE id = $2 AND starts_with(jurisdiction, $1::text) RETURNING id`,
    [jurisdiction, id],
  );
  return rows.length > 0;
}
