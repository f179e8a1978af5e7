import express, { Router, type RequestHandler } from 'express';
import {
  actionBodySchema,
  caseListQuerySchema,
  idempotencyKeySchema,
  intakeBodySchema,
  MAX_PHOTO_BYTES,
  placesQuerySchema,
  reportBodySchema,
  sha256Schema,
  workflowSchema,
} from '../../../contracts/cases.ts';
import { idParamSchema } from '../../../contracts/buildings.ts';
import type { Deps } from '../app.ts';
import { requirePermission } from '../auth/auth.middleware.ts';
import { callerOf } from '../http/caller.ts';
import { forbidden, notFound } from '../http/errors.ts';
import { parse } from '../http/validate.ts';
import {
  actOnCase,
  caseDetail,
  CaseError,
  listCases,
  reportCase,
  type CasesContext,
} from './cases.service.ts';
import { selectPlaces } from './casesRead.sql.ts';
import { photoPath, storePhoto } from './photos.ts';
import { insertPhotoFile, selectVisiblePhoto } from './photos.sql.ts';

/** Answers a CaseError with its extra fields beside `error` (duplicate → original, 409 → current case). */
const caseErrors =
  (h: RequestHandler): RequestHandler =>
  async (req, res, next) => {
    try {
      await h(req, res, next);
    } catch (e) {
      if (!(e instanceof CaseError)) throw e;
      const { status, code, message, field, extra } = e;
      res.status(status).json({ error: { code, message, ...(field ? { field } : {}) }, ...extra });
    }
  };

/** Photos arrive as their raw bytes (image/*), not JSON: the app's JSON parser leaves this path alone. */
export const PHOTO_UPLOAD_PATH = '/cases/photos';

export function casesRoutes(deps: Deps, ctx: CasesContext): Router {
  const r = Router();
  const { db } = deps;

  r.get('/cases/workflow', requirePermission('cases.read'), async (req, res) => {
    res.json(await ctx.workflows.for(callerOf(req).jurisdiction));
  });
  r.put('/cases/workflow', requirePermission('cases.configure'), async (req, res) => {
    const caller = callerOf(req);
    const wf = parse(workflowSchema, req.body, 'body');
    await ctx.workflows.put(
      caller.jurisdiction,
      wf,
      caller.kind === 'user' ? caller.id : null,
      ctx.clock.now(),
    );
    res.json(wf);
  });

  r.post(
    PHOTO_UPLOAD_PATH,
    express.raw({ type: () => true, limit: MAX_PHOTO_BYTES + 1 }),
    async (req, res) => {
      const caller = callerOf(req);
      if (!caller.permissions.has('cases.report') && !caller.permissions.has('cases.act'))
        throw forbidden('cases.report');
      const ref = await storePhoto(ctx.photosDir, Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0));
      await insertPhotoFile(db, {
        ...ref,
        uploadedBy: caller.kind === 'user' ? caller.id : null,
        nowMs: ctx.clock.now(),
      });
      res.status(201).json(ref);
    },
  );
  r.get('/cases/photos/:sha256', requirePermission('cases.read'), async (req, res) => {
    const caller = callerOf(req);
    const sha = parse(sha256Schema, req.params.sha256, 'sha256');
    const type = await selectVisiblePhoto(
      db,
      sha,
      caller.jurisdiction,
      caller.kind === 'user' ? caller.id : null,
    );
    if (!type) throw notFound(`photo ${sha}`, 'sha256');
    // content-addressed: the bytes behind a hash never change
    res.set('Cache-Control', 'private, max-age=31536000, immutable');
    res.type(type).sendFile(photoPath(ctx.photosDir, sha));
  });

  r.get('/cases/places', requirePermission('cases.report'), async (req, res) => {
    const { q, limit } = parse(placesQuerySchema, req.query);
    res.json(await selectPlaces(db, q, callerOf(req).jurisdiction, limit));
  });

  for (const [path, schema] of [
    ['/cases', reportBodySchema],
    ['/cases/intake', intakeBodySchema],
  ] as const)
    r.post(
      path,
      requirePermission('cases.report'),
      caseErrors(async (req, res) => {
        const body = parse(schema, req.body, 'body');
        const header = req.get('idempotency-key');
        const key = header === undefined ? undefined : parse(idempotencyKeySchema, header, 'idempotency-key');
        const { replayed, ...detail } = await reportCase(ctx, callerOf(req), body, key);
        if (replayed) res.set('Idempotent-Replayed', 'true');
        res.status(replayed ? 200 : 201).json(detail);
      }),
    );
  r.get('/cases', requirePermission('cases.read'), async (req, res) => {
    res.json(await listCases(ctx, callerOf(req), parse(caseListQuerySchema, req.query)));
  });
  r.get('/cases/:id', requirePermission('cases.read'), async (req, res) => {
    res.json(await caseDetail(ctx, parse(idParamSchema, req.params.id, 'id'), callerOf(req)));
  });
  r.post(
    '/cases/:id/actions',
    requirePermission('cases.act'),
    caseErrors(async (req, res) => {
      const id = parse(idParamSchema, req.params.id, 'id');
      res.json(await actOnCase(ctx, callerOf(req), id, parse(actionBodySchema, req.body, 'body')));
    }),
  );
  return r;
}
