import type { Queryable } from '../db/db.ts';

export async function selectWorkflowRows(db: Queryable) {
  const { rows } = await db.query<{ jurisdiction: string; config: unknown }>(
    `SELECT jurisdiction, config FROM case_workflows`,
  );
  return rows;
}

export async function upsertWorkflow(
  db: Queryable,
  jurisdiction: string,
  config: unknown,
  userId: number | null,
  nowMs: number,
): Promise<void> {
  await db.query(
    `INSERT INTO case_workflows (jurisdiction, config, updated_at, updated_by)
     VALUES ($1, $2::jsonb, to_timestamp($3::float8 / 1000), $4)
     ON CONFLICT (jurisdiction) DO UPDATE SET config = EXCLUDED.config, updated_at = EXCLUDED.updated_at,
       updated_by = EXCLUDED.updated_by`,
    [jurisdiction, JSON.stringify(config), nowMs, userId],
  );
}
