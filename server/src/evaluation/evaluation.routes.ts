import { Router } from 'express';
import { roomsFor } from '../realtime/rooms.ts';
import {
  CARDS_CHANNEL,
  cardsQuerySchema,
  evaluationCasesQuerySchema,
  evaluationExportQuerySchema,
  evaluationQuerySchema,
  indicatorsBodySchema,
  revokeCardBodySchema,
} from '../../../contracts/evaluation.ts';
import type { Deps } from '../app.ts';
import { audit } from '../audit/audit.service.ts';
import { requirePermission } from '../auth/auth.middleware.ts';
import { casesContext } from '../cases/cases.feature.ts';
import { actOnCase } from '../cases/cases.service.ts';
import { callerOf, requestInfo, type Caller } from '../http/caller.ts';
import { HttpError, notFound } from '../http/errors.ts';
import { parse } from '../http/validate.ts';
import { z } from 'zod';
import { toCsv, toXlsx } from '../export/table.ts';
import { rankingTable } from './evaluation.export.ts';
import { markCardSupervised, replaceIndicators, revokeCard, selectCards } from './evaluation.sql.ts';
import { closeLastMonth, EvaluationService, listIndicators } from './evaluation.service.ts';
import { logDbError } from '../db/errors.ts';

const idSchema = z.coerce
  .number()
  .int()
  .positive()
  .max(2 ** 53 - 1);
const langOf = (req: { get(h: string): string | undefined }) =>
  (req.get('accept-language') ?? '').toLowerCase().startsWith('en') ? 'en' : 'zh';

/** 考核 (contracts/evaluation.ts): rankings, the cases behind a figure, indicators, red and yellow cards. */
export function evaluationRoutes(deps: Deps): Router {
  const { db } = deps;
  const r = Router();
  const evaluation = new EvaluationService(db);
  const cases = casesContext(deps);
  const read = requirePermission('cases.read');
  // new cards (NOTIFY from the issuing trigger, whoever wrote the history) to the screens of their region
  const stop = db.listen(
    CARDS_CHANNEL,
    (payload) => {
      const id = Number(payload);
      void selectCards(db, { jurisdiction: '', id, limit: 1, lang: 'zh' })
        .then(([card]) => card && deps.hub.toRooms(roomsFor(card.gridCode), 'card:issued', { card }))
        .catch(() => undefined);
    },
    () => undefined,
  );
  deps.onClose(async () => (await stop.catch(() => null))?.());
  // the month before now's gets its score cards once it has ended: at start, every 10 minutes,
  // and at once when an injected clock jumps (tests); never two at a time
  let closing: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const close = () => {
    if (stopped) return closing;
    closing = closing
      .then(() => closeLastMonth(db, evaluation, cases.clock.now()))
      .catch((e: unknown) => logDbError('[evaluation] closing the month failed', e));
    return closing;
  };
  void close();
  const timer = setInterval(() => void close(), 10 * 60_000);
  timer.unref();
  const unsubscribe = cases.clock.onAdvance?.(close);
  deps.onClose(async () => {
    stopped = true;
    clearInterval(timer);
    unsubscribe?.();
    await closing;
  });
  const configure = requirePermission('evaluation.configure');

  r.get('/evaluation', read, async (req, res) => {
    res.json(await evaluation.rank(callerOf(req), parse(evaluationQuerySchema, req.query)));
  });
  r.get('/evaluation/cases', read, async (req, res) => {
    res.json(await evaluation.cases(callerOf(req), parse(evaluationCasesQuerySchema, req.query)));
  });
  // the board's ranking as a file, the same answer; audited before it is sent
  r.get('/evaluation/export', read, async (req, res) => {
    const caller = callerOf(req);
    if (caller.kind !== 'user') throw new HttpError(403, 'forbidden', 'a wall display does not export');
    const q = parse(evaluationExportQuerySchema, req.query);
    const table = rankingTable(await evaluation.rank(caller, q), q.lang);
    const body = q.format === 'csv' ? toCsv(table) : await toXlsx(table);
    await audit(db, caller, requestInfo(req), {
      action: 'evaluation.export',
      target: `region:${q.region ?? caller.jurisdiction}`,
      params: {
        period: q.period,
        subject: q.subject,
        level: q.level,
        format: q.format,
        rows: table.rows.length,
      },
    });
    const name = `evaluation-${q.period}-${q.subject === 'region' ? q.level : q.subject}.${q.format}`;
    res.set(
      'Content-Type',
      q.format === 'csv'
        ? 'text/csv; charset=utf-8'
        : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    res.set('Content-Disposition', `attachment; filename="${name.replace(/[^\w.-]/g, '_')}"`);
    res.send(body);
  });
  r.get('/evaluation/indicators', read, async (_req, res) => {
    res.json({ indicators: await listIndicators(db) });
  });
  r.put('/evaluation/indicators', configure, async (req, res) => {
    const caller = callerOf(req);
    const body = parse(indicatorsBodySchema, req.body, 'body');
    await db.transaction(async (tx) => {
      await replaceIndicators(tx, body.indicators, caller.kind === 'user' ? caller.id : null);
      await audit(tx, caller, requestInfo(req), {
        action: 'evaluation.indicators',
        params: { indicators: body.indicators.map((i) => ({ code: i.code, weight: i.weight })) },
      });
    });
    res.json({ indicators: await listIndicators(db) });
  });

  const card = async (caller: Caller, id: number, lang: 'zh' | 'en') => {
    const [row] = await selectCards(db, { jurisdiction: caller.jurisdiction, id, limit: 1, lang });
    if (!row) throw notFound('card', 'id');
    return row;
  };
  r.get('/evaluation/cards', read, async (req, res) => {
    const caller = callerOf(req);
    const q = parse(cardsQuerySchema, req.query);
    res.json({
      cards: await selectCards(db, {
        jurisdiction: caller.jurisdiction,
        open: q.open === undefined ? undefined : q.open === 'true',
        fromMs: q.from ? Date.parse(q.from) : undefined,
        toMs: q.to ? Date.parse(q.to) : undefined,
        limit: q.limit,
        lang: langOf(req),
      }),
    });
  });
  r.post('/evaluation/cards/:id/revoke', configure, async (req, res) => {
    const caller = callerOf(req);
    const id = parse(idSchema, req.params.id, 'id');
    const { reason } = parse(revokeCardBodySchema, req.body, 'body');
    await card(caller, id, 'zh');
    await db.transaction(async (tx) => {
      if (!(await revokeCard(tx, id, caller.name, reason, cases.clock.now())))
        throw new HttpError(409, 'conflict', 'the card is already revoked', 'id');
      await audit(tx, caller, requestInfo(req), {
        action: 'evaluation.card_revoke',
        target: `card:${id}`,
        params: { reason },
      });
    });
    res.json(await card(caller, id, langOf(req)));
  });
  // 督办 from the card: the case's own supervise action (its workflow decides who may), then the card says so
  r.post('/evaluation/cards/:id/supervise', requirePermission('cases.act'), async (req, res) => {
    const caller = callerOf(req);
    const id = parse(idSchema, req.params.id, 'id');
    const c = await card(caller, id, 'zh');
    if (c.revokedAt !== null) throw new HttpError(409, 'conflict', 'the card is revoked', 'id');
    // a score card has no case: it is supervised as it stands (the subject is told off, not a case)
    if (c.caseId !== null) {
      const { rows } = await db.query<{ version: number; supervised: boolean }>(
        `SELECT version, supervised FROM cases WHERE id = $1`,
        [c.caseId],
      );
      if (!rows[0]!.supervised)
        await actOnCase(cases, caller, c.caseId, {
          action: 'supervise',
          version: rows[0]!.version,
          note: `督办：红黄牌 #${id}`,
          photos: [],
        });
    }
    await markCardSupervised(db, id, caller.name, cases.clock.now());
    await audit(db, caller, requestInfo(req), { action: 'evaluation.card_supervise', target: `card:${id}` });
    res.json(await card(caller, id, langOf(req)));
  });
  return r;
}
