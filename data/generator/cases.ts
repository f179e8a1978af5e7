import { CASE_CATEGORIES, type CaseMajor, type CaseSource, type Workflow } from '../../contracts/cases.ts';
import type { Role } from '../../contracts/auth.ts';
import {
  applyAction,
  newCase,
  type ActionInput,
  type CaseCore,
  type Step,
} from '../../server/src/cases/workflow.ts';
import { Rng } from './random.ts';

/**
 * Demo case history: cases reported over the last `days` days and walked through the workflow with
 * the real engine (so every history is one the server would have written), at human speeds: most
 * finish, recent ones are still open, some run late, some are rejected on verification, a few are
 * dismissed or supervised. Pure and deterministic: the same seed and end time give the same cases.
 */
export interface CasePlace {
  gridCode: string;
  lon: number;
  lat: number;
  address: string | null;
  buildingId: number | null;
  /** What the place is near: hot spots draw more of some kinds of case (default 'other'). */
  kind?: 'market' | 'old_estate' | 'other';
}

export interface GeneratedStep extends Step {
  atMs: number;
  actorName: string;
  actorRole: Role | null;
  note: string | null;
}

export interface GeneratedCase {
  major: CaseMajor;
  minor: string;
  source: CaseSource;
  place: CasePlace;
  description: string;
  reporterName: string | null;
  reporterPhone: string | null;
  createdMs: number;
  core: CaseCore;
  updatedMs: number;
  version: number;
  steps: GeneratedStep[];
}

/** Share of cases per big class, as in district reports (city management dominates). */
const MAJOR_WEIGHTS: [CaseMajor, number][] = [
  ['city', 46],
  ['dispute', 18],
  ['service', 14],
  ['security', 10],
  ['fire', 7],
  ['emergency', 5],
];
const SOURCE_WEIGHTS: [CaseSource, number][] = [
  ['grid_worker', 55],
  ['hotline', 25],
  ['public', 10],
  ['video_patrol', 7],
  ['platform', 3],
];
const TEXT: Record<string, string> = {
  neighbour: '邻里因噪音问题发生纠纷',
  family: '家庭矛盾需要调解',
  marriage: '婚姻纠纷，双方争执',
  compensation: '赔偿纠纷，双方协商未果',
  contract: '合同纠纷，居民请求调解',
  labour: '拖欠工资，务工人员求助',
  demolition: '拆迁补偿纠纷',
  fight: '路边发生打架斗殴',
  theft: '居民反映电动车被盗',
  traffic_accident: '路口发生交通事故',
  suspicious: '发现可疑人员徘徊',
  illegal_parking: '机动车违停占用消防通道',
  garbage: '垃圾堆放未及时清运',
  broken_lamp: '路灯不亮',
  road_damage: '路面破损坑洼',
  manhole: '井盖缺失存在安全隐患',
  illegal_building: '疑似违章搭建',
  street_vending: '占道经营',
  blocked_exit: '楼道堆物堵塞安全出口',
  hazard: '电动车楼道充电存在火灾隐患',
  fire: '发现冒烟起火',
  elderly_care: '独居老人需要上门照料',
  repair: '老人家中水管漏水需维修',
  errand: '老人需要代购药品',
  health: '老人身体不适需要探视',
  flood: '暴雨后路段积水',
  gas_leak: '闻到燃气泄漏气味',
  collapse: '围墙局部坍塌',
  other: '突发情况需要处置',
};
const DEPARTMENTS: Record<CaseMajor, string[]> = {
  city: ['城管执法', '市容环卫', '市政设施'],
  dispute: ['司法所', '人民调解委员会'],
  service: ['社区服务中心', '民政科'],
  security: ['派出所'],
  fire: ['消防救援站', '安监科'],
  emergency: ['应急管理局', '排水管理处'],
};
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '强', '磊', '洋', '艳', '军', '杰', '娟'];

const HOUR = 3_600_000;
const MIN = 60_000;

function weighted<T>(rng: Rng, items: readonly [T, number][]): T {
  let r = rng.next() * items.reduce((s, [, w]) => s + w, 0);
  for (const [v, w] of items) if ((r -= w) < 0) return v;
  return items[items.length - 1]![0];
}

const TAU = 2 * Math.PI;
/**
 * How a big class varies over the year (day of year 0–365): city management and floods peak in
 * the summer rains, fires and care for the elderly in winter, disputes around the Spring Festival
 * (unpaid wages, family quarrels). A factor around 1.
 */
export function seasonOf(major: CaseMajor, dayOfYear: number): number {
  const wave = (peakDay: number) => Math.cos((TAU * (dayOfYear - peakDay)) / 365);
  switch (major) {
    case 'city':
      return 1 + 0.35 * wave(200);
    case 'emergency':
      return 0.5 + 1.6 * Math.max(0, wave(205)) ** 3;
    case 'dispute':
      return 1 + 0.4 * wave(35);
    case 'fire':
      return 1 + 0.5 * wave(15);
    case 'service':
      return 1 + 0.3 * wave(10);
    case 'security':
      return 1 + 0.2 * wave(190);
  }
}

/** Hot spots: markets draw street vending, litter, fights and quarrels; old estates fires, care and repairs. */
const PLACE_PULL: Record<NonNullable<CasePlace['kind']>, Partial<Record<CaseMajor, number>>> = {
  market: { city: 7, security: 4, dispute: 2.5, fire: 1.5 },
  old_estate: { fire: 3.5, service: 3.5, dispute: 2, city: 1.6, emergency: 1.8 },
  other: {},
};

/** Per big class, the places' cumulative weights (built once per place list). */
const pulls = new WeakMap<readonly CasePlace[], Map<CaseMajor, Float64Array>>();
function pickPlace(rng: Rng, places: readonly CasePlace[], major: CaseMajor): CasePlace {
  let byMajor = pulls.get(places);
  if (!byMajor) pulls.set(places, (byMajor = new Map()));
  let cum = byMajor.get(major);
  if (!cum) {
    cum = new Float64Array(places.length);
    let acc = 0;
    places.forEach((p, i) => (cum![i] = acc += PLACE_PULL[p.kind ?? 'other'][major] ?? 1));
    byMajor.set(major, cum);
  }
  const r = rng.next() * cum[cum.length - 1]!;
  let lo = 0;
  let hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cum[mid]! > r) hi = mid;
    else lo = mid + 1;
  }
  return places[lo]!;
}

const dayOfYear = (ms: number) => {
  const d = new Date(ms + 8 * HOUR);
  return (d.getTime() - Date.UTC(d.getUTCFullYear(), 0, 1)) / (24 * HOUR);
};

/** One new case as reported at `atMs` (also used by the demo trickle): its class by season, its place by hot spot. */
export function sampleReport(rng: Rng, places: readonly CasePlace[], atMs = Date.now()) {
  const doy = dayOfYear(atMs);
  const major = weighted(
    rng,
    MAJOR_WEIGHTS.map(([m, w]) => [m, w * seasonOf(m, doy)] as [CaseMajor, number]),
  );
  const minor = rng.pick(CASE_CATEGORIES[major]);
  const source = weighted(rng, SOURCE_WEIGHTS);
  const place = pickPlace(rng, places, major);
  const where = place.address ? `${place.address}：` : '';
  const withReporter = source === 'hotline' || source === 'public';
  return {
    major,
    minor,
    source,
    place,
    description: `${where}${TEXT[minor] ?? '需要处置的问题'}`,
    reporterName: withReporter
      ? rng.pick(SURNAMES) + rng.pick(GIVEN) + (rng.chance(0.5) ? rng.pick(GIVEN) : '')
      : null,
    reporterPhone: withReporter
      ? `1${rng.pick(['3', '5', '8'])}${String(rng.int(0, 999_999_999)).padStart(9, '0')}`
      : null,
  };
}

/** The next action a case in this state usually gets, and after how long (ms). */
function nextMove(
  rng: Rng,
  c: CaseCore,
  major: CaseMajor,
): { input: ActionInput; role: Role; afterMs: number } | null {
  const late = rng.chance(0.12) ? 1.6 : 1; // some stages overrun their limit
  switch (c.state) {
    case 'reported':
      return rng.chance(0.04)
        ? {
            input: { action: 'dismiss', note: '经核实为误报' },
            role: 'operator',
            afterMs: rng.int(5, 50) * MIN,
          }
        : { input: { action: 'register' }, role: 'operator', afterMs: rng.int(3, 50) * MIN * late };
    case 'registered':
      return {
        input: { action: 'dispatch', department: rng.pick(DEPARTMENTS[major]) },
        role: 'operator',
        afterMs: rng.int(5, 55) * MIN * late,
      };
    case 'dispatched':
      return { input: { action: 'accept' }, role: 'handler', afterMs: rng.int(10, 200) * MIN * late };
    case 'handling':
      return {
        input: { action: 'feedback', note: '已处置完毕' },
        role: 'handler',
        afterMs: rng.int(1, 40) * HOUR * late,
      };
    case 'feedback':
      return rng.chance(0.1)
        ? {
            input: { action: 'verify_reject', note: '现场核查未整改到位' },
            role: 'grid_worker',
            afterMs: rng.int(1, 20) * HOUR,
          }
        : { input: { action: 'verify_pass' }, role: 'grid_worker', afterMs: rng.int(1, 20) * HOUR * late };
    case 'verified':
      return { input: { action: 'close' }, role: 'operator', afterMs: rng.int(10, 300) * MIN };
    case 'closed':
      return {
        input: {
          action: 'evaluate',
          satisfaction: weighted(rng, [
            [5, 60],
            [4, 25],
            [3, 10],
            [2, 3],
            [1, 2],
          ]),
        },
        role: 'operator',
        afterMs: rng.int(2, 48) * HOUR,
      };
    default:
      return null;
  }
}

const ACTOR: Record<Role, string> = {
  operator: 'operator',
  handler: 'handler',
  grid_worker: 'gridworker',
  leader: 'leader',
  analyst: 'analyst',
  admin: 'admin',
};

/** Walks one report through the workflow until it finishes or reaches `endMs`. */
function simulate(
  rng: Rng,
  wf: Workflow,
  r: ReturnType<typeof sampleReport>,
  createdMs: number,
  endMs: number,
): GeneratedCase {
  let core = newCase(wf, r.place.gridCode, createdMs);
  const actor = r.source === 'grid_worker' ? 'gridworker' : 'operator';
  const steps: GeneratedStep[] = [
    {
      action: 'report',
      from: core.state,
      to: core.state,
      system: false,
      data: { source: r.source },
      atMs: createdMs,
      actorName: actor,
      actorRole: actor === 'operator' ? 'operator' : 'grid_worker',
      note: null,
    },
  ];
  let t = createdMs;
  let version = 1;
  const supervise = rng.chance(0.05);
  for (;;) {
    const move = nextMove(rng, core, r.major);
    if (!move) break;
    const at = t + move.afterMs;
    if (core.deadline !== null && core.deadline < Math.min(at, endMs) && core.overdueAt === null) {
      steps.push({
        action: 'overdue',
        from: core.state,
        to: core.state,
        system: true,
        data: {},
        atMs: core.deadline,
        actorName: 'system',
        actorRole: null,
        note: null,
      });
      core = { ...core, overdueAt: core.deadline };
      version++;
    }
    if (at > endMs) break;
    if (supervise && core.state === 'dispatched' && !core.supervised) {
      const s = applyAction(wf, core, { action: 'supervise' }, 'operator', at);
      core = s.next;
      version++;
      steps.push(
        ...s.steps.map((x) => ({
          ...x,
          atMs: at,
          actorName: 'operator',
          actorRole: 'operator' as const,
          note: '领导督办',
        })),
      );
    }
    const res = applyAction(wf, core, move.input, move.role, at);
    core = res.next;
    version++;
    steps.push(
      ...res.steps.map((x) => ({
        ...x,
        atMs: at,
        actorName: x.system ? 'system' : ACTOR[move.role],
        actorRole: x.system ? null : move.role,
        note: x.system ? null : (move.input.note ?? null),
      })),
    );
    t = at;
  }
  return { ...r, createdMs, core, updatedMs: steps.at(-1)!.atMs, version, steps };
}

/**
 * About `perDay` cases a day over `days` days before `endMs`, oldest first: more in the summer rains
 * and before the Spring Festival, fewer at weekends (grid workers walk less), mostly by day.
 */
export function generateCases(opts: {
  seed: number;
  wf: Workflow;
  places: readonly CasePlace[];
  endMs: number;
  days: number;
  perDay: number;
}): GeneratedCase[] {
  if (opts.places.length === 0) return [];
  const rng = new Rng(opts.seed).fork(4);
  const out: GeneratedCase[] = [];
  const start = opts.endMs - opts.days * 24 * HOUR;
  for (let day = 0; day < opts.days; day++) {
    const dayMs = start + day * 24 * HOUR;
    const doy = dayOfYear(dayMs);
    const season = MAJOR_WEIGHTS.reduce((s, [m, w]) => s + w * seasonOf(m, doy), 0) / 100;
    const weekday = new Date(dayMs + 8 * HOUR).getUTCDay();
    const week = weekday === 0 || weekday === 6 ? 0.75 : 1.07;
    const n = Math.max(0, Math.round(opts.perDay * season * week * rng.float(0.75, 1.25)));
    for (let i = 0; i < n; i++) {
      // daytime-heavy: reports cluster between 08:00 and 20:00 local time
      const hour = rng.chance(0.85) ? rng.float(0, 12) : rng.float(12, 24);
      const createdMs = dayMs + Math.floor(hour * HOUR);
      if (createdMs >= opts.endMs) continue;
      out.push(simulate(rng, opts.wf, sampleReport(rng, opts.places, createdMs), createdMs, opts.endMs));
    }
  }
  return out.sort((a, b) => a.createdMs - b.createdMs);
}
