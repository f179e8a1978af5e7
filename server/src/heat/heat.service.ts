import { polygonToCells } from 'h3-js';
import { LRUCache } from 'lru-cache';
import type { HeatAnswer, HeatQuery } from '../../../contracts/heat.ts';
import type { Db } from '../db/db.ts';
import { HttpError } from '../http/errors.ts';
import type { Caller } from '../http/caller.ts';
import { selectGridOutlines, selectHeat, selectUtcOffset } from './heat.sql.ts';
import { splitWindow } from './window.ts';

/** Beyond this many hexagons the presence cover (where nobody walked) is left out of the answer. */
const MAX_COVER = 60_000;
const APPROX_KM2: Record<number, number> = { 7: 5.16, 8: 0.737, 9: 0.105, 10: 0.015 };

export class HeatService {
  private offset: Promise<number> | undefined;
  /** The hexagons covering a jurisdiction's grid cells, per resolution (regions change rarely). */
  private readonly covers = new LRUCache<string, Promise<string[] | null>>({ max: 64, ttl: 10 * 60_000 });

  constructor(private readonly db: Db) {}

  async heat(caller: Caller, q: HeatQuery): Promise<HeatAnswer> {
    if (q.layer === 'presence' && (q.major || q.source || q.light))
      throw new HttpError(400, 'invalid', 'major, source and light filter the cases layer only', 'layer');
    const need = q.layer === 'cases' ? 'cases.read' : 'workers.read';
    if (!caller.permissions.has(need))
      throw new HttpError(403, 'forbidden', `the ${q.layer} layer needs the ${need} permission`, 'layer');
    this.offset ??= selectUtcOffset(this.db);
    const window = splitWindow(Date.parse(q.from), Date.parse(q.to), await this.offset);
    const cells = await selectHeat(this.db, {
      layer: q.layer,
      jurisdiction: caller.jurisdiction,
      res: q.res,
      window,
      major: q.major,
      source: q.source,
      red: q.light === 'red',
    });
    let total = 0;
    let max = 0;
    for (const c of cells) {
      total += c.n;
      if (c.n > max) max = c.n;
    }
    const answer: HeatAnswer = {
      layer: q.layer,
      res: q.res,
      from: new Date(window.fromMs).toISOString(),
      to: new Date(window.toMs).toISOString(),
      cells,
      total,
      max,
    };
    if (q.layer === 'presence' && typeof q.res === 'number') {
      const cover = await this.cover(caller.jurisdiction, q.res);
      if (cover) {
        const walked = new Set(cells.map((c) => c.id));
        answer.unwalked = cover.filter((h) => !walked.has(h));
      }
    }
    return answer;
  }

  private cover(jurisdiction: string, res: number): Promise<string[] | null> {
    const key = `${jurisdiction}|${res}`;
    let p = this.covers.get(key);
    if (!p) {
      p = this.computeCover(jurisdiction, res);
      this.covers.set(key, p);
      p.catch(() => this.covers.delete(key));
    }
    return p;
  }

  private async computeCover(jurisdiction: string, res: number): Promise<string[] | null> {
    const grids = await selectGridOutlines(this.db, jurisdiction);
    const km2 = grids.reduce((s, g) => s + g.areaKm2, 0);
    if (km2 / APPROX_KM2[res]! > MAX_COVER) return null;
    const cells = new Set<string>();
    for (const g of grids) {
      const geom = JSON.parse(g.geojson) as GeoJSON.MultiPolygon | GeoJSON.Polygon;
      const polys = geom.type === 'Polygon' ? [geom.coordinates] : geom.coordinates;
      for (const poly of polys) for (const h of polygonToCells(poly, res, true)) cells.add(h);
    }
    return [...cells].sort();
  }
}
