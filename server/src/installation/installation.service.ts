import type { Request } from 'express';
import type { User } from '../../../contracts/auth.ts';
import type { Area, BasemapSource, FirstAdmin } from '../../../contracts/installation.ts';
import { audit } from '../audit/audit.service.ts';
import type { Db } from '../db/db.ts';
import type { RequestInfo } from '../http/caller.ts';
import { HttpError } from '../http/errors.ts';
import { countUsers } from '../users/users.sql.ts';
import { createUser } from '../users/users.service.ts';
import { selectAreaBbox, selectAreaCounts } from './installation.sql.ts';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * Whether a request comes from the machine the server runs on: a loopback peer and no proxy
 * header (a reverse proxy on the same machine forwards other machines' requests from loopback).
 * Only such a request may create the first administrator.
 */
export function isFromThisMachine(req: Request): boolean {
  const peer = req.socket.remoteAddress ?? '';
  return (
    LOOPBACK.has(peer) &&
    !req.headers['x-forwarded-for'] &&
    !req.headers.forwarded &&
    !req.headers['x-real-ip']
  );
}

export async function setupNeeded(db: Db): Promise<boolean> {
  return (await countUsers(db)) === 0;
}

/**
 * The first administrator, whose jurisdiction is the whole installation (''), made once: on an
 * installation with any account at all this is a 409, whoever asks. The users table is locked for
 * the check and the insert, so two first-run pages at once make one administrator.
 */
export async function createFirstAdmin(db: Db, body: Required<FirstAdmin>, from: RequestInfo): Promise<User> {
  return db.transaction(async (tx) => {
    if (db.engine === 'postgres') await tx.query('LOCK TABLE users IN SHARE ROW EXCLUSIVE MODE');
    if ((await countUsers(tx)) > 0)
      throw new HttpError(409, 'already_set_up', 'this installation has its administrator already');
    const user = await createUser(tx, {
      username: body.username,
      displayName: body.displayName || body.username,
      role: 'admin',
      jurisdiction: '',
      password: body.password,
    });
    await audit(tx, { username: user.username, userId: user.id, role: 'admin', jurisdiction: '' }, from, {
      action: 'installation.first_admin',
      target: `user:${user.id}`,
      params: { username: user.username },
    });
    return user;
  });
}

export async function areaOf(db: Db, jurisdiction: string): Promise<Area> {
  const bbox = await selectAreaBbox(db, jurisdiction);
  return { bbox, counts: await selectAreaCounts(db, jurisdiction, bbox) };
}

/**
 * BASEMAP_URL: an intranet tile server. {TileMatrix}/{TileRow}/{TileCol} in the template make it
 * WMTS (BASEMAP_LAYER, BASEMAP_STYLE, BASEMAP_MATRIX_SET), {z}/{x}/{y} XYZ; anything else, or a
 * URL that is not http(s), stops the start with a clear message (a wrong setting would otherwise
 * show as a blank map on every screen).
 */
export function basemapFromEnv(env: NodeJS.ProcessEnv): BasemapSource | null {
  const url = env.BASEMAP_URL?.trim();
  if (!url) return null;
  let parsed: URL;
  try {
    parsed = new URL(url.replace(/[{}]/g, ''));
  } catch {
    throw new Error(`BASEMAP_URL is not a URL: ${url}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new Error(`BASEMAP_URL must be http(s): ${url}`);
  const wmts = /\{TileMatrix\}/.test(url) && /\{TileRow\}/.test(url) && /\{TileCol\}/.test(url);
  const xyz = /\{z\}/.test(url) && /\{x\}/.test(url) && /\{(y|reverseY)\}/.test(url);
  if (!wmts && !xyz)
    throw new Error(
      `BASEMAP_URL needs {z}/{x}/{y} (XYZ) or {TileMatrix}/{TileRow}/{TileCol} (WMTS) in it: ${url}`,
    );
  const max = env.BASEMAP_MAX_LEVEL ? Number(env.BASEMAP_MAX_LEVEL) : undefined;
  return {
    kind: wmts ? 'wmts' : 'xyz',
    url,
    ...(wmts
      ? {
          layer: env.BASEMAP_LAYER ?? '',
          style: env.BASEMAP_STYLE ?? 'default',
          tileMatrixSetID: env.BASEMAP_MATRIX_SET ?? 'GoogleMapsCompatible',
        }
      : {}),
    ...(max !== undefined && Number.isInteger(max) ? { maximumLevel: max } : {}),
    ...(env.BASEMAP_ATTRIBUTION ? { attribution: env.BASEMAP_ATTRIBUTION } : {}),
  };
}

/** The tile server's origin, for the Content-Security-Policy (img-src, connect-src). */
export function basemapOrigin(b: BasemapSource | null | undefined): string | undefined {
  if (!b) return undefined;
  return new URL(b.url.replace(/\{[^}]*\}/g, '0')).origin;
}
