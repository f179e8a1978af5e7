import express, { Router, type Response } from 'express';
import { KNOT_MPS, osmandQuerySchema, type PositionPoint } from '../../../contracts/workers.ts';
import type { Deps } from '../app.ts';
import { requirePermission } from '../auth/auth.middleware.ts';
import { resolveCredential } from '../auth/auth.service.ts';
import type { CredentialCache } from '../auth/credentialCache.ts';
import { callerOf, optionalCallerOf } from '../http/caller.ts';
import { HttpError, unauthenticated } from '../http/errors.ts';
import { rejectNul } from '../http/input.ts';
import { parse } from '../http/validate.ts';
import type { Positions } from './positions.module.ts';
import { readPositionBatch } from './positions.validate.ts';
import { Overloaded } from './positions.writer.ts';

/** 503 + Retry-After: the queue is full and nothing of the request was stored. */
function overloaded(res: Response) {
  res
    .status(503)
    .set('Retry-After', '1')
    .json({
      error: { code: 'overloaded', message: 'position queue full: nothing stored, resend in a second' },
    });
}

async function answering<T>(res: Response, work: () => Promise<T>, send: (v: T) => void) {
  try {
    send(await work());
  } catch (err) {
    if (err instanceof Overloaded) overloaded(res);
    else throw err;
  }
}

/** JSON batches from our phone app (positions.report), and ingest/fan-out counters (workers.read). */
export function positionsRoutes(deps: Deps, p: Positions): Router {
  const r = Router();
  r.post('/positions', requirePermission('positions.report'), async (req, res) => {
    const points = readPositionBatch(req.body);
    const worker = await p.service.workerOf(callerOf(req));
    await answering(
      res,
      () => p.service.report(worker.id, points),
      (v) => res.json(v),
    );
  });
  r.get('/positions/stats', requirePermission('workers.read'), (_req, res) => {
    const cpu = process.cpuUsage();
    res.json({
      writer: { ...p.writer.stats, backlog: p.writer.backlog },
      fanout: p.fanout.stats,
      process: { cpuUserUs: cpu.user, cpuSystemUs: cpu.system, rssBytes: process.memoryUsage().rss },
    });
  });
  return r;
}

/** OsmAnd's form bodies are parsed by its own route, not by the app's JSON parser. */
export const OSMAND_PATH = '/positions/osmand';

/**
 * The OsmAnd protocol (Traccar Client, OsmAnd): mounted before the login wall because such apps may
 * only be able to put the token into the URL (`token=`); a bearer header works as well.
 */
export function osmandRoutes(deps: Deps, p: Positions, cache: CredentialCache): Router {
  const r = Router();
  r.all(OSMAND_PATH, express.urlencoded({ extended: false, limit: '16kb' }), rejectNul, async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'POST')
      throw new HttpError(405, 'method_not_allowed', 'use GET or POST');
    const q = parse(osmandQuerySchema, { ...req.query, ...(req.body as object | undefined) });
    let caller = optionalCallerOf(req);
    if (!caller && q.token) {
      const key = `bearer:${q.token}`;
      caller =
        cache.get(key) ??
        (await resolveCredential(deps.db, { secret: q.token, via: 'bearer' }, { touch: true }));
      if (caller) cache.set(key, caller);
    }
    if (!caller) throw unauthenticated();
    const worker = await p.service.workerOf(caller);
    if (q.id !== worker.employeeNo && q.id !== worker.deviceId)
      throw new HttpError(403, 'wrong_device', `device ${q.id} is not this worker's`, 'id');
    const point: PositionPoint = {
      t: q.timestamp ?? Date.now(),
      lon: q.lon,
      lat: q.lat,
      accuracyM: q.accuracy ?? null,
      speedMps: q.speed === undefined ? null : q.speed * KNOT_MPS,
      headingDeg: q.bearing ?? q.heading ?? null,
      batteryPct: q.batt ?? null,
    };
    // Traccar answers 200 with no body; a dropped point is still "received" (the app must not retry it).
    await answering(
      res,
      () => p.service.report(worker.id, [point]),
      () => res.status(200).end(),
    );
  });
  return r;
}
