import { Router } from 'express';
import { idParamSchema } from '../../../contracts/buildings.ts';
import {
  clockBodySchema,
  dutySummaryQuerySchema,
  trackQuerySchema,
  workersQuerySchema,
  workersRoom,
} from '../../../contracts/workers.ts';
import type { Deps } from '../app.ts';
import { requirePermission } from '../auth/auth.middleware.ts';
import { callerOf } from '../http/caller.ts';
import { parse } from '../http/validate.ts';
import { DUTY_PEER_EVENT, type Positions } from '../positions/positions.module.ts';
import { roomsFor } from '../realtime/rooms.ts';
import { clock, dutyState, dutySummary, listWorkers, tracksOf, workerCard } from './workers.service.ts';

/** Worker list, card, duty summary and tracks (workers.read); clock in/out by the phone (positions.report). */
export function workersRoutes(deps: Deps, p: Positions): Router {
  const { db } = deps;
  const r = Router();
  r.get('/workers', requirePermission('workers.read'), async (req, res) => {
    res.json(await listWorkers(db, callerOf(req), parse(workersQuerySchema, req.query)));
  });
  r.get('/workers/duty', requirePermission('workers.read'), async (req, res) => {
    res.json(await dutySummary(db, callerOf(req), parse(dutySummaryQuerySchema, req.query)));
  });
  r.get('/workers/tracks', requirePermission('workers.read'), async (req, res) => {
    res.json(await tracksOf(db, callerOf(req), parse(trackQuerySchema, req.query)));
  });
  r.get('/workers/:id', requirePermission('workers.read'), async (req, res) => {
    const { stillMin } = parse(workersQuerySchema, req.query);
    res.json(await workerCard(db, callerOf(req), parse(idParamSchema, req.params.id, 'id'), stillMin));
  });

  r.get('/duty/me', requirePermission('positions.report'), async (req, res) => {
    res.json(await dutyState(db, (await p.service.workerOf(callerOf(req))).id));
  });
  for (const [path, onDuty] of [
    ['/duty/clock-in', true],
    ['/duty/clock-out', false],
  ] as const) {
    r.post(path, requirePermission('positions.report'), async (req, res) => {
      const body = parse(clockBodySchema, req.body ?? {}, 'body');
      const worker = await p.service.workerOf(callerOf(req));
      const state = await clock(db, worker.id, onDuty, body);
      const entry = p.service.directory.get(worker.id);
      if (entry) entry.onDuty = state.onDuty;
      deps.hub.toPeers(DUTY_PEER_EVENT, { workerId: worker.id, onDuty: state.onDuty });
      const rooms = roomsFor(worker.gridCode).map((room) =>
        workersRoom(room.slice('region:'.length).replace('*', '')),
      );
      deps.hub.toRooms(rooms, 'workers:duty', {
        workerId: worker.id,
        gridCode: worker.gridCode,
        onDuty: state.onDuty,
        t: Date.now(),
      });
      res.json(state);
    });
  }
  return r;
}
