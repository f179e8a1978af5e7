import { generateCases, sampleReport, type CasePlace } from '../../../data/generator/cases.ts';
import { Rng } from '../../../data/generator/random.ts';
import type { Db } from '../db/db.ts';
import { cellOfPoint } from '../heat/h3.ts';
import { reportCase, descriptionKey, type CasesContext } from './cases.service.ts';
import {
  countCases,
  insertDemoCases,
  insertDemoHistory,
  selectDemoPlaces,
  upsertSequences,
} from './demo.sql.ts';
import type { Caller } from '../http/caller.ts';
import { DEFAULT_WORKFLOW } from './defaultWorkflow.ts';
import { logDbError } from '../db/errors.ts';

const DAY = 86_400_000;

/**
 * A year of case history for the demo district (seasons, weekdays, hot spots: data/generator/cases.ts), on an empty cases table. Returns how many cases.
 * Numbers follow the coding scheme (district + local day + sequence) and the sequences move past them.
 */
export async function seedDemoCases(
  db: Db,
  opts: { seed: number; endMs: number; days?: number; perDay?: number },
) {
  if ((await countCases(db)) > 0) return 0;
  const places: CasePlace[] = await selectDemoPlaces(db, 8);
  const wf = DEFAULT_WORKFLOW;
  const cases = generateCases({
    seed: opts.seed,
    wf,
    places,
    endMs: opts.endMs,
    days: opts.days ?? 365,
    perDay: opts.perDay ?? 15,
  });
  if (cases.length === 0) return 0;
  const seq = new Map<string, number>();
  const offset = wf.calendar.utcOffsetMinutes * 60_000;
  const numbers = cases.map((c) => {
    const region = c.place.gridCode.slice(0, 6);
    const day = new Date(c.createdMs + offset).toISOString().slice(0, 10).replace(/-/g, '');
    const n = (seq.get(`${region}|${day}`) ?? 0) + 1;
    seq.set(`${region}|${day}`, n);
    return `${region}${day}${String(n).padStart(5, '0')}`;
  });
  const col = <T>(f: (c: (typeof cases)[number], i: number) => T) => cases.map(f);
  await db.transaction(async (tx) => {
    const ids = await insertDemoCases(tx, {
      number: numbers,
      major: col((c) => c.major),
      minor: col((c) => c.minor),
      source: col((c) => c.source),
      state: col((c) => c.core.state),
      prevState: col((c) => c.core.prevState),
      terminal: col((c) => c.core.terminal),
      level: col((c) => c.core.level),
      gridCode: col((c) => c.core.gridCode),
      lon: col((c) => c.place.lon),
      lat: col((c) => c.place.lat),
      address: col((c) => c.place.address),
      buildingId: col((c) => c.place.buildingId),
      description: col((c) => c.description),
      descriptionKey: col((c) => descriptionKey(c.description)),
      reporterName: col((c) => c.reporterName),
      reporterPhone: col((c) => c.reporterPhone),
      department: col((c) => c.core.department),
      supervised: col((c) => c.core.supervised),
      rejections: col((c) => c.core.rejections),
      overdueCount: col((c) => c.core.overdueCount),
      satisfaction: col((c) => c.core.satisfaction),
      stageStartedAt: col((c) => c.core.stageStartedAt),
      yellowFrom: col((c) => c.core.yellowFrom),
      deadline: col((c) => c.core.deadline),
      overdueAt: col((c) => c.core.overdueAt),
      createdAt: col((c) => c.createdMs),
      updatedAt: col((c) => c.updatedMs),
      version: col((c) => c.version),
      h3: col((c) => cellOfPoint(c.place.lon, c.place.lat)),
    });
    const steps = cases.flatMap((c, i) => c.steps.map((s) => ({ ...s, caseId: ids[i]! })));
    await insertDemoHistory(tx, [
      steps.map((s) => s.caseId),
      steps.map((s) => s.atMs),
      steps.map((s) => s.action),
      steps.map((s) => s.from),
      steps.map((s) => s.to),
      steps.map((s) => (s.system ? 'system' : 'user')),
      steps.map((s) => s.actorName),
      steps.map((s) => s.actorRole),
      steps.map((s) => s.note),
      steps.map((s) => JSON.stringify(s.data)),
    ]);
    const keys = [...seq.keys()];
    await upsertSequences(
      tx,
      keys.map((k) => k.split('|')[0]!),
      keys.map((k) => k.split('|')[1]!),
      [...seq.values()],
    );
  });
  return cases.length;
}

/** The demo's own reporter: a grid worker of the whole installation, acting as the system would. */
const TRICKLE_CALLER: Caller = {
  kind: 'user',
  id: 0,
  name: 'demo',
  role: 'grid_worker',
  jurisdiction: '',
  permissions: new Set(['cases.report']),
  publicSafe: false,
  credential: 'demo',
};

/**
 * While the demo runs, a new case every 20–60 s (divided by `rate`) through the same path as a phone
 * report (so it numbers, stores and pushes `case:created` like a real one). Returns the stop function.
 */
export function startTrickle(ctx: CasesContext, seed: number, rate = 1): () => void {
  const rng = new Rng(seed ^ Date.now());
  let places: CasePlace[] | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => void once().finally(schedule), (rng.int(20, 60) * 1000) / rate);
    timer.unref();
  };
  const once = async () => {
    try {
      places ??= await selectDemoPlaces(ctx.db, 8);
      if (places.length === 0) return;
      const r = sampleReport(rng, places, ctx.clock.now());
      await reportCase(ctx, TRICKLE_CALLER, {
        category: { major: r.major, minor: r.minor },
        description: r.description,
        point: [r.place.lon, r.place.lat],
        address: r.place.address ?? undefined,
        source: r.source,
        photos: [],
        ...(r.reporterName
          ? { reporter: { name: r.reporterName, phone: r.reporterPhone ?? undefined } }
          : {}),
      });
    } catch (e) {
      logDbError('[cases] demo trickle failed', e);
    }
  };
  schedule();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

export const DEMO_DAY_MS = DAY;
