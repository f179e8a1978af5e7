import { create } from 'zustand';
import {
  lightAt,
  type CaseListItem,
  type CaseMajor,
  type CaseSource,
  type Light,
} from '../../../contracts/cases.ts';

/** How long a newly reported case pulses on the map and glows in the ticker (client clock, ms). */
export const FRESH_MS = 15_000;

/** What the map and ticker show; every filter combines with AND, an empty set means "all". */
export interface CaseFilters {
  majors: CaseMajor[];
  lights: Light[];
  sources: CaseSource[];
  /** Created within the last N hours (server clock); null = any time. */
  sinceHours: number | null;
}

export const DEFAULT_FILTERS: CaseFilters = {
  majors: [],
  // Closed cases ('none') stay off the wall unless asked for: the map shows the open work.
  lights: ['red', 'yellow', 'green'],
  sources: [],
  sinceHours: null,
};

/** A place picked for a hotline intake: a map click or a building from the address search. */
export interface PickedPlace {
  point: [lon: number, lat: number];
  buildingId: number | null;
  label: string | null;
}

export interface CasesState {
  byId: Map<number, CaseListItem>;
  /** The indicator light of each case now, by the server's clock. */
  lights: Map<number, Light>;
  /** Server clock − client clock (ms), from the latest `now` the server sent. */
  offsetMs: number;
  /** Client-clock ms until which a new case pulses. */
  freshUntil: Map<number, number>;
  loaded: boolean;
  filters: CaseFilters;
  /** The map layer toggle (top bar). */
  visible: boolean;
  selectedId: number | null;
  intakeOpen: boolean;
  /** True while the intake form waits for a click on the map. */
  picking: boolean;
  picked: PickedPlace | null;
  /** Replaces the list (first load, reconnect); an item a live event already made newer survives. */
  replaceAll(cases: CaseListItem[], serverNow: string): void;
  /** Live changes, newest per id (by `version`); `fresh` ids pulse. */
  merge(cases: CaseListItem[], serverNow: string | null, fresh: number[]): void;
  /** Recomputes every light from the server clock (the light timer calls it at each boundary). */
  recomputeLights(): void;
  setFilters(patch: Partial<CaseFilters>): void;
  setVisible(v: boolean): void;
  select(id: number | null): void;
  openIntake(open: boolean): void;
  setPicking(picking: boolean): void;
  setPicked(p: PickedPlace | null): void;
  /** Drops expired entries of `freshUntil`. */
  expireFresh(): void;
}

/** The server's clock, as this client knows it (ms). */
export const serverNowMs = (offsetMs: number) => Date.now() + offsetMs;

const offsetFrom = (serverNow: string) => Date.parse(serverNow) - Date.now();

function lightsOf(byId: Map<number, CaseListItem>, offsetMs: number): Map<number, Light> {
  const now = serverNowMs(offsetMs);
  const lights = new Map<number, Light>();
  for (const c of byId.values()) lights.set(c.id, lightAt(c, now));
  return lights;
}

export const useCases = create<CasesState>()((set, get) => ({
  byId: new Map(),
  lights: new Map(),
  offsetMs: 0,
  freshUntil: new Map(),
  loaded: false,
  filters: DEFAULT_FILTERS,
  visible: true,
  selectedId: null,
  intakeOpen: false,
  picking: false,
  picked: null,
  replaceAll: (cases, serverNow) => {
    const old = get().byId;
    const byId = new Map<number, CaseListItem>();
    for (const c of cases) {
      const known = old.get(c.id);
      byId.set(c.id, known && known.version > c.version ? known : c);
    }
    const offsetMs = offsetFrom(serverNow);
    set({ byId, offsetMs, lights: lightsOf(byId, offsetMs), loaded: true });
  },
  merge: (cases, serverNow, fresh) => {
    const s = get();
    const byId = new Map(s.byId);
    let changed = false;
    for (const c of cases) {
      const known = byId.get(c.id);
      if (known && known.version > c.version) continue;
      byId.set(c.id, c);
      changed = true;
    }
    const offsetMs = serverNow ? offsetFrom(serverNow) : s.offsetMs;
    if (!changed && offsetMs === s.offsetMs) return;
    let freshUntil = s.freshUntil;
    if (fresh.length) {
      freshUntil = new Map(s.freshUntil);
      const until = Date.now() + FRESH_MS;
      for (const id of fresh) freshUntil.set(id, until);
    }
    set({ byId, offsetMs, freshUntil, lights: lightsOf(byId, offsetMs) });
  },
  recomputeLights: () => set((s) => ({ lights: lightsOf(s.byId, s.offsetMs) })),
  setFilters: (patch) => set((s) => ({ filters: { ...s.filters, ...patch } })),
  setVisible: (visible) => set({ visible }),
  select: (selectedId) => set({ selectedId }),
  openIntake: (intakeOpen) => set(intakeOpen ? { intakeOpen } : { intakeOpen, picking: false, picked: null }),
  setPicking: (picking) => set({ picking }),
  setPicked: (picked) => set({ picked, picking: false }),
  expireFresh: () => {
    const now = Date.now();
    const s = get();
    const live = [...s.freshUntil].filter(([, until]) => until > now);
    if (live.length !== s.freshUntil.size) set({ freshUntil: new Map(live) });
  },
}));

/** Cases that pass the filters, newest first. */
export function filterCases(
  byId: Map<number, CaseListItem>,
  lights: Map<number, Light>,
  f: CaseFilters,
  nowMs: number,
): CaseListItem[] {
  const since = f.sinceHours === null ? -Infinity : nowMs - f.sinceHours * 3_600_000;
  const out: CaseListItem[] = [];
  for (const c of byId.values()) {
    if (f.majors.length && !f.majors.includes(c.category.major)) continue;
    if (f.sources.length && !f.sources.includes(c.source)) continue;
    if (f.lights.length && !f.lights.includes(lights.get(c.id) ?? c.light)) continue;
    if (Date.parse(c.createdAt) < since) continue;
    out.push(c);
  }
  return out.sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || b.id - a.id);
}

/**
 * The next moment (server clock, ms) a light changes colour, or null: the light timer sleeps until
 * then instead of polling, so an idle wall does no work.
 */
export function nextLightChange(byId: Map<number, CaseListItem>, nowMs: number): number | null {
  let next = Infinity;
  for (const c of byId.values()) {
    for (const at of [c.yellowFrom, c.deadline]) {
      if (at === null) continue;
      const t = Date.parse(at);
      if (t > nowMs && t < next) next = t;
    }
  }
  return next === Infinity ? null : next;
}
