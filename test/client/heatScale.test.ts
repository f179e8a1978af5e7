import { describe, expect, it } from 'vitest';
import { columnHeightM, dayEnd, heatColor, resolutionForHeight } from '../../client/src/heat/heatScale.ts';
import { splitWindow } from '../../server/src/heat/window.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('heat zones: scales and windows', () => {
  it('picks coarser hexagons as the camera rises', () => {
    expect([500, 2_000, 10_000, 50_000].map(resolutionForHeight)).toEqual([10, 9, 8, 7]);
  });

  it('colours cold to hot on a square-root scale, never blank for a cell with events', () => {
    expect(heatColor('cases', 0, 10)).toEqual([38, 70, 140]);
    expect(heatColor('cases', 10, 10)).toEqual([220, 40, 50]);
    expect(heatColor('cases', 20, 10)).toEqual([220, 40, 50]);
    // a quarter of the top is already half way up the ramp
    expect(heatColor('cases', 2.5, 10)).toEqual([250, 200, 70]);
    expect(heatColor('presence', 1, 0)).toEqual([30, 80, 60]);
  });

  it('columns grow with the count and stay visible for one event', () => {
    expect(columnHeightM(4, 4, 9)).toBe(280);
    expect(columnHeightM(1, 4, 9)).toBe(140);
    expect(columnHeightM(1, 10_000, 9)).toBeCloseTo(280 * 0.04);
    expect(columnHeightM(3, 0, 9)).toBe(0);
  });

  it('windows end at local midnights (UTC+8) and split into whole days and edge hours', () => {
    const t = Date.parse('2026-12-07T20:30:00+08:00');
    expect(new Date(dayEnd(t)).toISOString()).toBe('2026-12-07T16:00:00.000Z');
    const week = splitWindow(dayEnd(t) - 7 * DAY, dayEnd(t), 480);
    expect(week).toMatchObject({ days: { first: '2026-12-01', end: '2026-12-08' }, hours: [] });
    const custom = splitWindow(
      Date.parse('2026-12-01T09:10:00+08:00'),
      Date.parse('2026-12-03T10:05:00+08:00'),
      480,
    );
    expect(custom.days).toEqual({ first: '2026-12-02', end: '2026-12-03' });
    expect(custom.hours.map(([a, b]) => [new Date(a).toISOString(), new Date(b).toISOString()])).toEqual([
      ['2026-12-01T01:00:00.000Z', '2026-12-01T16:00:00.000Z'],
      ['2026-12-02T16:00:00.000Z', '2026-12-03T03:00:00.000Z'],
    ]);
    const short = splitWindow(
      Date.parse('2026-12-01T09:10:00+08:00'),
      Date.parse('2026-12-01T11:00:00+08:00'),
      480,
    );
    expect(short).toMatchObject({ days: null, hours: [[short.fromMs, short.toMs]] });
    expect(short.toMs - short.fromMs).toBe(2 * HOUR);
  });
});
