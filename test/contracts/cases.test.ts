import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calendarSchema, lightAt, stageLimitSchema, type Light } from '../../contracts/cases.ts';
import { addMinutes, stageTimes } from '../../server/src/cases/calendar.ts';
import { DEFAULT_WORKFLOW } from '../../server/src/cases/defaultWorkflow.ts';
import { applyAction, enterState, newCase } from '../../server/src/cases/workflow.ts';

/** Time as Tianjin reads it (UTC+8, the default calendar's offset). */
const at = (local: string) => Date.parse(`${local}+08:00`);
const iso = (ms: number) => new Date(ms).toISOString();
const H = 60;
const CAL = calendarSchema.parse({}); // Mon–Fri 09:00–18:00, UTC+8
const working = (minutes: number, yellowAt = 0.75) =>
  stageLimitSchema.parse({ minutes, clock: 'working', yellowAt });

describe('lightAt: the one light rule of client and server', () => {
  const c = { yellowFrom: iso(at('2026-11-23T09:45:00')), deadline: iso(at('2026-11-23T10:00:00')) };
  it.each<[string, number, Light]>([
    ['before the yellow threshold', at('2026-11-23T09:44:59.999'), 'green'],
    ['at the yellow threshold', at('2026-11-23T09:45:00'), 'yellow'],
    ['just before the deadline', at('2026-11-23T09:59:59.999'), 'yellow'],
    ['at the deadline (overdue)', at('2026-11-23T10:00:00'), 'red'],
    ['days after the deadline', at('2026-11-30T10:00:00'), 'red'],
  ])('%s', (_what, now, light) => {
    expect(lightAt(c, now)).toBe(light);
  });
  it('has no light without a deadline (terminal states), and no yellow without a threshold', () => {
    expect(lightAt({ yellowFrom: c.yellowFrom, deadline: null }, at('2030-01-01T00:00:00'))).toBe('none');
    const noYellow = { yellowFrom: null, deadline: c.deadline };
    expect(lightAt(noYellow, at('2026-11-23T09:59:00'))).toBe('green');
    expect(lightAt(noYellow, at('2026-11-23T10:00:00'))).toBe('red');
  });
});

describe('stage deadlines on the working-hours calendar', () => {
  it('natural time: the limit in wall-clock minutes, yellow at its fraction', () => {
    const t = stageTimes(at('2026-11-27T17:30:00'), stageLimitSchema.parse({ minutes: 60 }), CAL);
    expect(iso(t.yellowFrom)).toBe(iso(at('2026-11-27T18:15:00')));
    expect(iso(t.deadline)).toBe(iso(at('2026-11-27T18:30:00')));
  });

  it('working time spans a night and a weekend: 16 working hours from Friday 17:00 end Tuesday 15:00', () => {
    const t = stageTimes(at('2026-11-27T17:00:00'), working(16 * H), CAL);
    // Fri 17–18 (1 h) + Mon 9–18 (9 h) = 10 h; yellow at 12 h → Tue 11:00, deadline at 16 h → Tue 15:00
    expect(iso(t.yellowFrom)).toBe(iso(at('2026-12-01T11:00:00')));
    expect(iso(t.deadline)).toBe(iso(at('2026-12-01T15:00:00')));
  });

  it.each([
    ['on a Saturday starts counting on Monday 09:00', '2026-11-28T10:00:00', 60, '2026-11-30T10:00:00'],
    ['at night starts counting the next morning', '2026-11-25T22:00:00', 120, '2026-11-26T11:00:00'],
    ['before opening starts counting at opening', '2026-11-25T06:30:00', 30, '2026-11-25T09:30:00'],
    ['at closing time starts counting the next work day', '2026-11-27T18:00:00', 60, '2026-11-30T10:00:00'],
    ['ending exactly at closing time stays that day', '2026-11-25T17:00:00', 60, '2026-11-25T18:00:00'],
    [
      'a whole working week from Monday morning ends Friday evening',
      '2026-11-23T09:00:00',
      45 * H,
      '2026-11-27T18:00:00',
    ],
  ])('a stage started %s', (_what, start, minutes, deadline) => {
    expect(iso(addMinutes(at(start), minutes, 'working', CAL))).toBe(iso(at(deadline)));
  });

  it('holidays are skipped and extra work days (调休) count', () => {
    const cal = calendarSchema.parse({ holidays: ['2026-11-30'], extraWorkDays: ['2026-11-29'] });
    // Fri 17–18 (1 h), Sat off, Sun worked (9 h), Mon a holiday → the 12th hour ends Tue 11:00
    expect(iso(addMinutes(at('2026-11-27T17:00:00'), 12 * H, 'working', cal))).toBe(
      iso(at('2026-12-01T11:00:00')),
    );
  });

  it('the calendar has its own offset and hours: UTC+0, 08:00–12:00', () => {
    const cal = calendarSchema.parse({ utcOffsetMinutes: 0, start: '08:00', end: '12:00' });
    expect(iso(addMinutes(Date.parse('2026-11-23T11:00:00Z'), 2 * H, 'working', cal))).toBe(
      '2026-11-24T09:00:00.000Z',
    );
  });

  it('the default workflow: a case accepted on Friday afternoon turns yellow and red on Tuesday', () => {
    const reported = newCase(DEFAULT_WORKFLOW, '120106001001001', at('2026-11-27T17:30:00'));
    expect(iso(reported.deadline!)).toBe(iso(at('2026-11-27T18:30:00'))); // registration: one natural hour
    const handling = enterState(DEFAULT_WORKFLOW, reported, 'handling', at('2026-11-27T17:30:00'));
    // 0.5 h Friday + 9 h Monday; yellow at 12 h → Tue 11:30, red at 16 h → Tue 15:30
    expect(iso(handling.yellowFrom!)).toBe(iso(at('2026-12-01T11:30:00')));
    expect(iso(handling.deadline!)).toBe(iso(at('2026-12-01T15:30:00')));
    const view = { yellowFrom: iso(handling.yellowFrom!), deadline: iso(handling.deadline!) };
    expect(lightAt(view, at('2026-11-30T18:00:00'))).toBe('green');
    expect(lightAt(view, at('2026-12-01T12:00:00'))).toBe('yellow');
    expect(lightAt(view, at('2026-12-01T15:30:00'))).toBe('red');
  });

  it('an approved extension moves yellow and red by working minutes and clears an overdue mark', () => {
    const start = at('2026-11-27T17:30:00');
    let c = {
      ...enterState(DEFAULT_WORKFLOW, newCase(DEFAULT_WORKFLOW, '120106001001001', start), 'handling', start),
    };
    c = { ...c, overdueAt: c.deadline }; // marked overdue by the scheduler
    const late = at('2026-12-01T16:00:00');
    c = applyAction(
      DEFAULT_WORKFLOW,
      c,
      { action: 'request_extension', note: '备料', extraMinutes: 4 * H },
      'handler',
      late,
    ).next;
    c = applyAction(DEFAULT_WORKFLOW, c, { action: 'approve_request' }, 'operator', late).next;
    // Tue 15:30 + 4 working hours: 2.5 h to 18:00, 1.5 h Wednesday → Wed 10:30
    expect(iso(c.deadline!)).toBe(iso(at('2026-12-02T10:30:00')));
    expect(c.overdueAt).toBeNull();
    expect(lightAt({ yellowFrom: iso(c.yellowFrom!), deadline: iso(c.deadline!) }, late)).toBe('yellow');
  });

  it('for any start and limit: yellow ≤ red, working time never ends sooner than wall time, and the light only gets worse', () => {
    const start = fc.integer({ min: Date.parse('2026-01-01'), max: Date.parse('2027-12-31') });
    const limit = fc.record({
      minutes: fc.integer({ min: 1, max: 60 * 24 * 20 }),
      clock: fc.constantFrom('natural' as const, 'working' as const),
      yellowAt: fc.double({ min: 0.05, max: 0.95, noNaN: true }),
      onExpiry: fc.constant('mark_overdue' as const),
    });
    fc.assert(
      fc.property(
        start,
        limit,
        fc.array(fc.integer({ min: 0, max: 40 * 86_400_000 }), { maxLength: 8 }),
        (s, l, steps) => {
          const t = stageTimes(s, l, CAL);
          expect(t.yellowFrom).toBeLessThanOrEqual(t.deadline);
          expect(t.deadline).toBeGreaterThanOrEqual(s + l.minutes * 60_000);
          if (l.clock === 'working') {
            // a working deadline falls inside a working window: a weekday between 09:00 and 18:00 local
            const local = new Date(t.deadline + 8 * 3_600_000);
            const minuteOfDay = local.getUTCHours() * 60 + local.getUTCMinutes() + local.getUTCSeconds() / 60;
            expect([1, 2, 3, 4, 5]).toContain(((local.getUTCDay() + 6) % 7) + 1);
            expect(minuteOfDay).toBeGreaterThan(9 * 60);
            expect(minuteOfDay).toBeLessThanOrEqual(18 * 60);
          }
          const view = { yellowFrom: iso(t.yellowFrom), deadline: iso(t.deadline) };
          const rank = { none: -1, green: 0, yellow: 1, red: 2 };
          const lights = [...steps].sort((a, b) => a - b).map((d) => rank[lightAt(view, s + d)]);
          expect(lights).toEqual([...lights].sort((a, b) => a - b));
        },
      ),
      { numRuns: 200 },
    );
  });
});
