import type {
  ClockBody,
  DutyCounts,
  DutyState,
  DutySummary,
  Track,
  TrackAnswer,
  TrackQuery,
  WorkerCard,
  WorkerListItem,
} from '../../../contracts/workers.ts';
import type { Queryable } from '../db/db.ts';
import type { Caller } from '../http/caller.ts';
import { notFound } from '../http/errors.ts';
import { maskPhone } from '../residents/masking.ts';
import {
  closeShift,
  insertShift,
  selectCellsAt,
  selectCellsVisited,
  selectDutyState,
  selectRawTracks,
  selectWorkers,
  type WorkerRow,
} from './workers.sql.ts';
import { summarizeTrack } from './tracks.ts';

function toItem(r: WorkerRow, stillMin: number, now: number): WorkerListItem {
  const latest =
    r.t === null
      ? null
      : {
          t: r.t,
          lon: r.lon!,
          lat: r.lat!,
          accuracyM: r.accuracyM,
          speedMps: r.speedMps,
          headingDeg: r.headingDeg,
          batteryPct: r.batteryPct,
        };
  return {
    id: r.id,
    employeeNo: r.employeeNo,
    name: r.name,
    phone: r.phone === null ? null : maskPhone(r.phone),
    gridCode: r.gridCode,
    gridName: r.gridName,
    communityCode: r.communityCode,
    onDuty: r.onDuty,
    dutySince: r.dutySince,
    latest,
    inOwnCell: r.inOwnCell,
    stillSince: r.stillSince,
    // Still for long: the fixes themselves span stillMin within 30 m (a silent phone proves nothing).
    still: r.stillSince !== null && r.t !== null && r.t - r.stillSince >= stillMin * 60_000 && now >= r.t,
  };
}

export async function listWorkers(
  db: Queryable,
  caller: Caller,
  q: { region?: string | undefined; onDuty?: 'true' | 'false' | undefined; stillMin: number },
) {
  const now = Date.now();
  const onDuty = q.onDuty === undefined ? undefined : q.onDuty === 'true';
  const rows = await selectWorkers(db, caller.jurisdiction, { region: q.region, onDuty });
  return { at: now, workers: rows.map((r) => toItem(r, q.stillMin, now)) };
}

/** The card: list fields plus today's track summary (local midnight of the server until now). */
export async function workerCard(
  db: Queryable,
  caller: Caller,
  id: number,
  stillMin = 15,
): Promise<WorkerCard> {
  const now = Date.now();
  const [row] = await selectWorkers(db, caller.jurisdiction, { id });
  if (!row) throw notFound(`worker ${id}`, 'id');
  const midnight = new Date(now);
  midnight.setHours(0, 0, 0, 0);
  const { tracks } = await tracksOf(db, caller, {
    ids: [id],
    from: midnight.getTime(),
    to: now + 1,
    resolutionM: 5,
    minStopS: 180,
  });
  const tr = tracks[0];
  return {
    ...toItem(row, stillMin, now),
    communityName: row.communityName,
    today: {
      points: tr?.points ?? 0,
      distanceM: tr?.distanceM ?? 0,
      movingS: tr?.movingS ?? 0,
      stillS: tr?.stillS ?? 0,
      cellsVisited: tr?.cellsVisited.map((c) => c.code) ?? [],
    },
  };
}

const zero = (): DutyCounts => ({ workers: 0, onDuty: 0, inOwnCell: 0, outside: 0, noFix: 0, still: 0 });

function count(c: DutyCounts, w: WorkerListItem) {
  c.workers++;
  if (!w.onDuty) return;
  c.onDuty++;
  if (w.inOwnCell === null) c.noFix++;
  else if (w.inOwnCell) c.inOwnCell++;
  else c.outside++;
  if (w.still) c.still++;
}

/** 在岗分布: per cell and per community, who is on duty, in their own cell, outside, still. */
export async function dutySummary(
  db: Queryable,
  caller: Caller,
  q: { region?: string | undefined; stillMin: number },
): Promise<DutySummary> {
  const now = Date.now();
  const rows = await selectWorkers(db, caller.jurisdiction, { region: q.region });
  const totals = zero();
  const cells = new Map<string, DutySummary['cells'][number]>();
  const communities = new Map<string, DutySummary['communities'][number]>();
  for (const r of rows) {
    const w = toItem(r, q.stillMin, now);
    count(totals, w);
    let cell = cells.get(r.gridCode);
    if (!cell)
      cells.set(
        r.gridCode,
        (cell = { code: r.gridCode, name: r.gridName, communityCode: r.communityCode, ...zero() }),
      );
    count(cell, w);
    let com = communities.get(r.communityCode);
    if (!com)
      communities.set(r.communityCode, (com = { code: r.communityCode, name: r.communityName, ...zero() }));
    count(com, w);
  }
  return {
    at: now,
    stillMin: q.stillMin,
    totals,
    communities: [...communities.values()],
    cells: [...cells.values()],
  };
}

export async function clock(
  db: Queryable,
  workerId: number,
  onDuty: boolean,
  body: ClockBody,
): Promise<DutyState> {
  if (onDuty) await insertShift(db, workerId, body.lon ?? null, body.lat ?? null);
  else await closeShift(db, workerId, body.lon ?? null, body.lat ?? null);
  return selectDutyState(db, workerId);
}

export const dutyState = (db: Queryable, workerId: number): Promise<DutyState> =>
  selectDutyState(db, workerId);

/** Tracks of the visible workers among q.ids: simplified path, stops, distance, times, cells. */
export async function tracksOf(db: Queryable, caller: Caller, q: TrackQuery): Promise<TrackAnswer> {
  const raw = await selectRawTracks(db, q.ids, q.from, q.to, caller.jurisdiction);
  const tracks: Track[] = raw.map((r) => {
    const s = summarizeTrack(
      { t: r.t ?? [], lon: r.lon ?? [], lat: r.lat ?? [] },
      { resolutionM: q.resolutionM, minStopS: q.minStopS },
    );
    return {
      workerId: r.workerId,
      name: r.name,
      gridCode: r.gridCode,
      path: s.path,
      points: s.points,
      stops: s.stops.map(({ lon, lat, arrivalT, departureT, durationS }) => ({
        lon,
        lat,
        arrivalT,
        departureT,
        durationS,
        cellCode: null as string | null,
      })),
      distanceM: s.distanceM,
      movingS: s.movingS,
      stillS: s.stillS,
      cellsVisited: [],
    };
  });
  await addCells(db, tracks);
  return { from: q.from, to: q.to, tracks };
}

async function addCells(db: Queryable, tracks: Track[]) {
  const v = { w: [] as number[], lon: [] as number[], lat: [] as number[], t: [] as number[] };
  for (const tr of tracks) {
    v.w.push(...tr.path.t.map(() => tr.workerId));
    v.lon.push(...tr.path.lon);
    v.lat.push(...tr.path.lat);
    v.t.push(...tr.path.t);
  }
  if (v.w.length > 0) {
    const byId = new Map(tracks.map((t) => [t.workerId, t]));
    for (const c of await selectCellsVisited(db, v))
      byId.get(c.workerId)?.cellsVisited.push({ code: c.code, firstT: c.firstT });
  }
  const stops = tracks.flatMap((t) => t.stops);
  const codes = await selectCellsAt(
    db,
    stops.map((s) => s.lon),
    stops.map((s) => s.lat),
  );
  stops.forEach((s, i) => (s.cellCode = codes[i] ?? null));
}
