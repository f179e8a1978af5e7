import type { Queryable } from '../db/db.ts';
import { inJurisdiction } from '../db/jurisdiction.ts';

export async function insertPhotoFile(
  db: Queryable,
  f: { sha256: string; type: string; bytes: number; uploadedBy: number | null; nowMs: number },
): Promise<void> {
  await db.query(
    `INSERT INTO case_photo_files (sha256, type, bytes, uploaded_by, uploaded_at)
     VALUES ($1, $2, $3, $4, to_timestamp($5::float8 / 1000)) ON CONFLICT (sha256) DO NOTHING`,
    [f.sha256, f.type, f.bytes, f.uploadedBy, f.nowMs],
  );
}

/** Which of these hashes were uploaded (a report may reference only stored photos). */
export async function selectKnownPhotos(db: Queryable, hashes: readonly string[]): Promise<Set<string>> {
  if (hashes.length === 0) return new Set();
  const { rows } = await db.query<{ sha256: string }>(
    `SELECT sha256 FROM case_photo_files WHERE sha256 = ANY ($1::text[])`,
    [hashes],
  );
  return new Set(rows.map((r) => r.sha256));
}

/**
 * A photo's type if the caller may see it: it belongs to a case inside the jurisdiction, or the
 * caller uploaded it (a phone showing what it is about to report).
 */
export async function selectVisiblePhoto(
  db: Queryable,
  sha256: string,
  jurisdiction: string,
  userId: number | null,
) {
  const { rows } = await db.query<{ type: string }>(
    `SELECT f.type FROM case_photo_files f
     WHERE f.sha256 = $1 AND (f.uploaded_by = $3 OR EXISTS (
       SELECT 1 FROM case_photos p JOIN cases c ON c.id = p.case_id
       WHERE p.sha256 = f.sha256 AND ${inJurisdiction('c.grid_code', 2)}))`,
    [sha256, jurisdiction, userId],
  );
  return rows[0]?.type;
}
