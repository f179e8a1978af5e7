import type { Db } from '../db/db.ts';
import { cellOfPoint } from './h3.ts';
import {
  rebuildCaseRollups,
  selectCasesWithoutCell,
  selectHistoryFixes,
  selectHistorySpan,
  truncatePresenceRollups,
  updateCaseCells,
  upsertPresence,
} from './heat.sql.ts';
import { presenceRows } from './presence.ts';

const DAY = 86_400_000;
const CELL_BATCH = 20_000;

export interface RebuildReport {
  casesCelled: number;
  cases: number;
  fixes: number;
  ms: number;
}

/**
 * Recounts every rollup from the raw tables (after an upgrade, an import that bypassed the server,
 * or to check the maintained counts): fills in cases' H3 cells where missing, recounts the case
 * rollups in SQL, then walks the position history a day at a time (H3 comes from h3-js).
 */
export async function rebuildHeat(
  db: Db,
  progress: (what: string, done: number) => void = () => undefined,
): Promise<RebuildReport> {
  const t0 = Date.now();
  let casesCelled = 0;
  for (;;) {
    const rows = await selectCasesWithoutCell(db, CELL_BATCH);
    if (rows.length === 0) break;
    await db.transaction((tx) =>
      updateCaseCells(
        tx,
        rows.map((r) => r.id),
        rows.map((r) => cellOfPoint(r.lon, r.lat)),
      ),
    );
    casesCelled += rows.length;
    progress('cells', casesCelled);
  }
  const cases = await db.transaction((tx) => rebuildCaseRollups(tx));
  progress('cases', cases);
  let fixes = 0;
  await db.transaction(async (tx) => {
    await truncatePresenceRollups(tx);
    const span = await selectHistorySpan(tx);
    if (span.first === null || span.last === null) return;
    for (let t = Math.floor(span.first / DAY) * DAY; t <= span.last; t += DAY) {
      const day = await selectHistoryFixes(tx, t, t + DAY);
      await upsertPresence(tx, presenceRows(day));
      fixes += day.length;
      progress('fixes', fixes);
    }
  });
  return { casesCelled, cases, fixes, ms: Date.now() - t0 };
}
