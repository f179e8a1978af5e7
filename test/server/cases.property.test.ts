import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roleSchema, type Role } from '../../contracts/auth.ts';
import { CASE_PATHS, caseActionSchema, type CaseAction, type CaseDetail } from '../../contracts/cases.ts';
import { ManualClock } from '../../server/src/cases/clock.ts';
import { DEFAULT_WORKFLOW } from '../../server/src/cases/defaultWorkflow.ts';
import {
  ActionRefused,
  allowedActions,
  applyAction,
  newCase,
  type CaseCore,
} from '../../server/src/cases/workflow.ts';
import { startServer, type RunningServer } from '../../server/src/server.ts';
import { GRID_A, GRID_B, loadSmallDistrict } from '../fixtures/smallDistrict.ts';
import { loginAs } from '../support/auth.ts';
import { testEngines, type TestDb } from '../support/engines.ts';

const wf = DEFAULT_WORKFLOW;
const ROLES = roleSchema.options;
const ACTIONS = caseActionSchema.options;
/** Every field any action may need, so the engine (not input validation) decides. */
const INPUT = { note: 'n', department: 'd', toGridCode: GRID_B, extraMinutes: 30, satisfaction: 4 };
const move = fc.record({
  action: fc.constantFrom(...ACTIONS),
  role: fc.constantFrom(...ROLES),
  afterMin: fc.integer({ min: 0, max: 3000 }),
});

/** Whether the workflow has a transition for this action from `from` that `role` may take. */
const permitted = (from: string, action: CaseAction, role: Role) =>
  wf.transitions.some((t) => t.action === action && t.from.includes(from) && t.roles.includes(role));

describe('the workflow engine under random actions by random roles', () => {
  it('moves only along permitted transitions, keeps invariants, and offers exactly what it accepts', () => {
    fc.assert(
      fc.property(fc.array(move, { maxLength: 60 }), (moves) => {
        let now = Date.parse('2026-11-23T01:00:00Z');
        let c: CaseCore = newCase(wf, GRID_A, now);
        const chain: string[] = [c.state];
        for (const m of moves) {
          now += m.afterMin * 60_000;
          const offered = allowedActions(wf, c, m.role).includes(m.action);
          let next;
          try {
            next = applyAction(wf, c, { action: m.action, ...INPUT }, m.role, now);
          } catch (e) {
            expect(e).toBeInstanceOf(ActionRefused);
            expect(offered).toBe(false);
            continue;
          }
          expect(offered).toBe(true);
          expect(permitted(c.state, m.action, m.role)).toBe(true);
          // the steps chain from the old state to the new one; only system steps follow the user's
          expect(next.steps[0]!.from).toBe(c.state);
          for (let i = 1; i < next.steps.length; i++) {
            expect(next.steps[i]!.from).toBe(next.steps[i - 1]!.to);
            expect(next.steps[i]!.system).toBe(true);
          }
          expect(next.steps.at(-1)!.to).toBe(next.next.state);
          c = next.next;
          chain.push(c.state);
          expect(wf.states.some((s) => s.id === c.state)).toBe(true);
          expect(c.terminal).toBe(wf.states.find((s) => s.id === c.state)!.terminal);
          expect(c.rejections).toBeLessThanOrEqual(wf.maxRejections);
          expect(c.deadline === null).toBe(wf.states.find((s) => s.id === c.state)!.limit === null);
          if (c.terminal) expect(allowedActions(wf, c, 'operator')).toEqual([]);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe.each(testEngines())('random actions through the API on $name', (engine) => {
  let t: TestDb;
  let srv: RunningServer;
  const clock = new ManualClock(Date.parse('2026-11-23T01:00:00Z'));
  const headers: Partial<Record<Role, Record<string, string>>> = {};

  beforeAll(async () => {
    t = await engine.open();
    await loadSmallDistrict(t.db);
    srv = await startServer(t.db, {
      port: 0,
      clientDir: '/nonexistent',
      clock,
      cases: { photosDir: '/tmp/gc-unused', tickMs: 3_600_000 },
    });
    // the whole district, so a transfer to the sibling street stays readable
    for (const role of ROLES) headers[role] = (await loginAs(t.db, srv.url, role, '120106')).headers;
  });
  afterAll(async () => {
    await srv?.close();
    await t?.cleanup();
  });

  const post = async (path: string, role: Role, body: unknown) => {
    const res = await fetch(srv.url + path, {
      method: 'POST',
      headers: { ...headers[role], 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return {
      status: res.status,
      body: (await res.json()) as CaseDetail & { error?: { code: string }; current?: CaseDetail },
    };
  };
  const get = async (id: number) =>
    (await (await fetch(srv.url + CASE_PATHS.one(id), { headers: headers.operator })).json()) as CaseDetail;

  it('never reaches a forbidden state and never loses history', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(move, { minLength: 1, maxLength: 14 }), async (moves) => {
        let c = (
          await post(CASE_PATHS.list, 'grid_worker', {
            category: { major: 'city', minor: 'garbage' },
            description: `垃圾 ${Math.random()}`,
            point: [117.125, 39.17],
          })
        ).body;
        let history = c.history;
        for (const m of moves) {
          await clock.advance(m.afterMin * 60_000); // the scheduler may mark the case overdue meanwhile
          c = await get(c.id);
          history = expectPrefix(history, c.history);
          const r = await post(CASE_PATHS.actions(c.id), m.role, {
            action: m.action,
            version: c.version,
            ...INPUT,
          });
          const allowed = permitted(c.state, m.action, m.role);
          if (r.status === 200) {
            expect(allowed).toBe(true);
            expect(r.body.history.length).toBeGreaterThan(history.length);
            history = expectPrefix(history, r.body.history);
            c = r.body;
          } else {
            // refused: 403 (cases.act missing or the role may not), 409 invalid_state; nothing changed
            expect([403, 409]).toContain(r.status);
            if (r.status === 409) expect(r.body.error?.code).toBe('invalid_state');
            const after = await get(c.id);
            expect(after.version).toBe(c.version);
            expect(after.state).toBe(c.state);
          }
          expect(wf.states.some((s) => s.id === c.state)).toBe(true);
        }
      }),
      { numRuns: 12 },
    );
    // whatever the walks did, the evaluation's per-case facts (kept by triggers) equal what the
    // cases and their whole history say
    const { rows } = await t.db.query<{ wrong: number; missing: number }>(
      `SELECT (SELECT count(*) FROM eval_case_facts x JOIN cases c ON c.id = x.case_id
               JOIN (SELECT case_id, bit_or(eval_history_bits(action, from_state, data)) AS b
                     FROM case_history GROUP BY case_id) h ON h.case_id = c.id
               WHERE x.bits <> h.b OR x.grid_code <> c.grid_code OR x.department IS DISTINCT FROM c.department
                  OR x.overdue_open <> (NOT c.terminal AND c.overdue_at IS NOT NULL))::int AS wrong,
              (SELECT count(*) FROM cases c WHERE NOT EXISTS
                 (SELECT 1 FROM eval_case_facts x WHERE x.case_id = c.id))::int AS missing`,
    );
    expect(rows[0]).toEqual({ wrong: 0, missing: 0 });
  });
});

/** The earlier history is an unchanged prefix of the later one; returns the later one. */
function expectPrefix(before: CaseDetail['history'], after: CaseDetail['history']) {
  expect(after.slice(0, before.length)).toEqual(before);
  return after;
}
