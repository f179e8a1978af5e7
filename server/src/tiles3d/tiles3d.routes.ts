import compression from 'compression';
import { Router } from 'express';
import type { Deps } from '../app.ts';
import { requirePermission } from '../auth/auth.middleware.ts';
import { callerOf } from '../http/caller.ts';
import { notFound } from '../http/errors.ts';
import { tiles3dOptions } from './tiles3d.options.ts';
import { Tiles3dService } from './tiles3d.service.ts';
import { logDbError } from '../db/errors.ts';

const CONTENT = /^[0-9a-f]{32}\.glb$/;

/**
 * Our buildings as 3D Tiles, per jurisdiction (contracts/tiles3d.ts). Tiles hold aggregates only,
 * but counts of buildings outside the caller's jurisdiction must not leak: each caller gets the
 * tileset of its own jurisdiction, and caches are told `private`.
 */
export function tiles3dRoutes(deps: Deps): Router {
  const opts = deps.tiles3d ?? tiles3dOptions();
  const service = new Tiles3dService(deps.db, deps.hub, opts);
  startBackground(service, deps);
  const r = Router();
  r.use('/3dtiles', requirePermission('buildings.read'), compression());
  r.get('/3dtiles/buildings/tileset.json', async (req, res) => {
    const body = await service.tilesetJson(callerOf(req).jurisdiction);
    res.set('Cache-Control', 'private, no-cache').type('application/json').send(body);
  });
  r.get('/3dtiles/buildings/version', async (req, res) => {
    res.json(await service.current(callerOf(req).jurisdiction));
  });
  r.get('/3dtiles/buildings/content/:file', async (req, res) => {
    const file = req.params.file;
    if (!CONTENT.test(file)) throw notFound('tile content', 'file');
    await service.current(callerOf(req).jurisdiction, Infinity); // built at least once
    res.set('Cache-Control', 'private, max-age=31536000, immutable').type('model/gltf-binary');
    await new Promise<void>((resolve, reject) =>
      res.sendFile(service.contentPath(callerOf(req).jurisdiction, file), (err) =>
        err
          ? reject(
              // send reports a missing file as an HTTP error with status 404 (code ENOENT underneath).
              (err as { code?: string; status?: number }).code === 'ENOENT' ||
                (err as { status?: number }).status === 404
                ? notFound('tile content', 'file')
                : err,
            )
          : resolve(),
      ),
    );
  });
  return r;
}

function startBackground(service: Tiles3dService, deps: Deps): void {
  const { prebuild, refreshMs } = service.opts;
  let stopped = false;
  const log = (err: unknown) => logDbError('[tiles3d]', err);
  if (prebuild)
    void service
      .prebuild()
      .then(() => console.log('[tiles3d] building tilesets are up to date'))
      .catch(log);
  if (refreshMs > 0) {
    const timer = setInterval(() => {
      if (!stopped) service.refreshAll().catch(log);
    }, refreshMs);
    timer.unref();
    deps.onClose(() => {
      stopped = true;
      clearInterval(timer);
    });
  }
}
