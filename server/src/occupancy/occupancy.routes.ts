import { Router } from 'express';
import {
  exportQuerySchema,
  occupancyQuerySchema,
  regionParamSchema,
  trendQuerySchema,
} from '../../../contracts/occupancy.ts';
import type { Deps } from '../app.ts';
import { audit } from '../audit/audit.service.ts';
import { requirePermission } from '../auth/auth.middleware.ts';
import { toCsv, toXlsx } from '../export/table.ts';
import { callerOf, requestInfo } from '../http/caller.ts';
import { HttpError } from '../http/errors.ts';
import { parse } from '../http/validate.ts';
import { exportFileName, profileTable, trendTable, unitsTable } from './occupancy.export.ts';
import { occupancyProfile, occupancyTable, occupancyTrend } from './occupancy.service.ts';

const MIME = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** 人口房屋分析 (contracts/occupancy.ts): aggregates of houses and residents, and their export. */
export function occupancyRoutes({ db }: Deps): Router {
  const r = Router();
  const read = requirePermission('buildings.read');
  r.get('/occupancy', read, async (req, res) => {
    res.json(await occupancyTable(db, callerOf(req), parse(occupancyQuerySchema, req.query)));
  });
  r.get('/occupancy/profile', read, async (req, res) => {
    const q = parse(regionParamSchema, req.query);
    res.json(await occupancyProfile(db, callerOf(req), q.region));
  });
  r.get('/occupancy/trend', read, async (req, res) => {
    const q = parse(trendQuerySchema, req.query);
    res.json(await occupancyTrend(db, callerOf(req), q.region, q.months));
  });
  // The same answers as the screen's, as a file; written to the audit log before it is sent.
  r.get('/occupancy/export', read, async (req, res) => {
    const caller = callerOf(req);
    if (caller.kind !== 'user') throw new HttpError(403, 'forbidden', 'a wall display does not export');
    const q = parse(exportQuerySchema, req.query);
    const table =
      q.table === 'units'
        ? unitsTable(await occupancyTable(db, caller, q), q.lang)
        : q.table === 'trend'
          ? trendTable(await occupancyTrend(db, caller, q.region, q.months), q.lang)
          : profileTable(await occupancyProfile(db, caller, q.region), q.lang);
    const body = q.format === 'csv' ? toCsv(table) : await toXlsx(table);
    const region = q.region ?? caller.jurisdiction;
    await audit(db, caller, requestInfo(req), {
      action: 'occupancy.export',
      target: `region:${region}`,
      params: {
        table: q.table,
        format: q.format,
        ...(q.table === 'units' ? { level: q.level, sort: q.sort, order: q.order, limit: q.limit } : {}),
        ...(q.table === 'trend' ? { months: q.months } : {}),
        rows: table.rows.length,
        columns: table.columns.map((c) => c.key),
      },
    });
    res.set('Content-Type', MIME[q.format]);
    res.set('Content-Disposition', `attachment; filename="${exportFileName(q, region)}"`);
    res.send(body);
  });
  return r;
}
