import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import compression from 'compression';
import { Router } from 'express';
import { idParamSchema } from '../../../contracts/buildings.ts';
import { layerCreateSchema } from '../../../contracts/layers.ts';
import type { Deps } from '../app.ts';
import { requirePermission } from '../auth/auth.middleware.ts';
import { callerOf } from '../http/caller.ts';
import { HttpError, notFound } from '../http/errors.ts';
import { staticFolder } from '../http/staticFolder.ts';
import { parse } from '../http/validate.ts';
import { deleteLayer, insertLayer, selectLayers } from './layers.sql.ts';

/** GET/POST /layers, DELETE /layers/:id (under /api). */
export function layersRoutes({ db }: Deps): Router {
  const r = Router();
  r.get('/layers', requirePermission('buildings.read'), async (req, res) => {
    res.json({ layers: await selectLayers(db, callerOf(req).jurisdiction) });
  });
  r.post('/layers', requirePermission('layers.manage'), async (req, res) => {
    const body = parse(layerCreateSchema, req.body, 'body');
    const caller = callerOf(req);
    const layer = await insertLayer(db, body, caller.jurisdiction, caller.kind === 'user' ? caller.id : null);
    if (!layer) throw new HttpError(409, 'duplicate', `a layer named "${body.name}" exists`, 'name');
    res.status(201).json(layer);
  });
  r.delete('/layers/:id', requirePermission('layers.manage'), async (req, res) => {
    const id = parse(idParamSchema, req.params.id, 'id');
    if (!(await deleteLayer(db, id, callerOf(req).jurisdiction))) throw notFound('layer', 'id');
    res.status(204).end();
  });
  return r;
}

const BINARY = /\.(b3dm|i3dm|pnts|cmpt|subtree)$/;

/**
 * Tilesets copied into LAYERS_DIR, served read-only (mounted at /layers behind the login in
 * app.ts): files only, no listing, dotfiles refused, gzip.
 */
export function layerFiles(dir: string | undefined): Router {
  const r = Router();
  if (!dir || !existsSync(dir)) return r;
  r.use(requirePermission('buildings.read'), compression());
  r.use(
    staticFolder(resolve(dir), {
      setHeaders: (res, path) => {
        res.set('Cache-Control', 'private, max-age=3600');
        if (BINARY.test(path)) res.type('application/octet-stream');
      },
    }),
  );
  return r;
}
