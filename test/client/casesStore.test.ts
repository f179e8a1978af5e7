import { beforeEach, describe, expect, it } from 'vitest';
import type { CaseListItem } from '../../contracts/cases.ts';
import {
  DEFAULT_FILTERS,
  filterCases,
  nextLightChange,
  useCases,
} from '../../client/src/cases/casesStore.ts';

const T0 = Date.parse('2026-11-23T09:00:00+08:00');
const iso = (ms: number) => new Date(ms).toISOString();

function item(id: number, patch: Partial<CaseListItem> = {}): CaseListItem {
  return {
    id,
    number: `12010620261123${String(id).padStart(5, '0')}`,
    category: { major: 'city', minor: 'garbage' },
    source: 'grid_worker',
    state: 'reported',
    level: 'grid',
    point: [117.1, 39.1],
    gridCode: '120106001001001',
    title: 'garbage',
    supervised: false,
    rejections: 0,
    department: null,
    createdAt: iso(T0),
    updatedAt: iso(T0),
    stageStartedAt: iso(T0),
    yellowFrom: iso(T0 + 45 * 60_000),
    deadline: iso(T0 + 60 * 60_000),
    light: 'green',
    version: 1,
    ...patch,
  };
}

describe('cases store (socket → store)', () => {
  beforeEach(() =>
    useCases.setState({ byId: new Map(), lights: new Map(), freshUntil: new Map(), offsetMs: 0 }),
  );

  it('keeps the newest version per id whatever order live events and the list arrive in', () => {
    const s = useCases.getState();
    s.merge([item(1, { version: 3, state: 'dispatched' })], iso(T0), [1]);
    s.merge([item(1, { version: 2, state: 'registered' })], iso(T0), []); // late, older
    expect(useCases.getState().byId.get(1)?.state).toBe('dispatched');
    // A list answer that was computed before the event must not roll the case back.
    useCases.getState().replaceAll([item(1, { version: 1 }), item(2)], iso(T0));
    expect(useCases.getState().byId.get(1)?.version).toBe(3);
    expect([...useCases.getState().byId.keys()].sort()).toEqual([1, 2]);
    expect(useCases.getState().freshUntil.has(1)).toBe(true);
  });

  it('computes lights on the server clock, whatever the client clock says', () => {
    // The server is 50 minutes ahead of this machine: the case is already yellow there.
    const now = Date.now();
    const c = item(1, { yellowFrom: iso(now + 45 * 60_000), deadline: iso(now + 60 * 60_000) });
    useCases.getState().merge([c], iso(now + 50 * 60_000), []);
    expect(useCases.getState().offsetMs).toBeGreaterThan(49 * 60_000);
    expect(useCases.getState().lights.get(1)).toBe('yellow');
    useCases.getState().merge([], iso(now + 61 * 60_000), []);
    expect(useCases.getState().lights.get(1)).toBe('red');
  });

  it('wakes up at the next light boundary only', () => {
    const byId = new Map([
      [1, item(1)],
      [2, item(2, { yellowFrom: null, deadline: null, light: 'none' })],
    ]);
    expect(nextLightChange(byId, T0)).toBe(T0 + 45 * 60_000);
    expect(nextLightChange(byId, T0 + 45 * 60_000)).toBe(T0 + 60 * 60_000);
    expect(nextLightChange(byId, T0 + 60 * 60_000)).toBeNull();
  });

  it('filters by category, light, source and time, newest first', () => {
    const byId = new Map([
      [1, item(1, { createdAt: iso(T0 - 48 * 3_600_000) })],
      [2, item(2, { category: { major: 'fire', minor: 'hazard' }, createdAt: iso(T0 - 3_600_000) })],
      [3, item(3, { source: 'hotline', createdAt: iso(T0 - 2 * 3_600_000) })],
      [4, item(4, { light: 'none', yellowFrom: null, deadline: null })],
    ]);
    const lights = new Map([...byId].map(([id, c]) => [id, c.light]));
    const ids = (f: Partial<typeof DEFAULT_FILTERS>) =>
      filterCases(byId, lights, { ...DEFAULT_FILTERS, ...f }, T0).map((c) => c.id);
    expect(ids({})).toEqual([2, 3, 1]); // closed (4) hidden by default
    expect(ids({ lights: [] })).toEqual([4, 2, 3, 1]);
    expect(ids({ majors: ['fire'] })).toEqual([2]);
    expect(ids({ sources: ['hotline'] })).toEqual([3]);
    expect(ids({ sinceHours: 24 })).toEqual([2, 3]);
  });
});
