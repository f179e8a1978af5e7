import type { Queryable } from '../db/db.ts';
import type { RegionDetail, RegionNode } from '../../../contracts/regions.ts';
import type { Caller } from '../http/caller.ts';
import { notFound } from '../http/errors.ts';
import {
  selectChildren,
  selectRegion,
  selectRegions,
  selectRegionSummary,
  type RegionRow,
} from './regions.sql.ts';

/** The caller's part of the region tree; its roots are the top regions inside the jurisdiction. */
export async function regionTree(db: Queryable, caller: Caller): Promise<RegionNode[]> {
  return buildTree(await selectRegions(db, caller.jurisdiction));
}

export function buildTree(rows: readonly RegionRow[]): RegionNode[] {
  const nodes = new Map<string, RegionNode>();
  for (const r of rows) nodes.set(r.code, { code: r.code, name: r.name, level: r.level, children: [] });
  const roots: RegionNode[] = [];
  for (const r of rows) {
    const parent = r.parentCode ? nodes.get(r.parentCode) : undefined;
    (parent ? parent.children : roots).push(nodes.get(r.code)!);
  }
  return roots;
}

export async function regionDetail(db: Queryable, code: string, caller: Caller): Promise<RegionDetail> {
  const region = await selectRegion(db, code, caller.jurisdiction);
  // Outside the jurisdiction reads the same as nonexistent: no leak of what exists elsewhere.
  if (!region) throw notFound(`region ${code}`, 'code');
  const [summary, children] = await Promise.all([selectRegionSummary(db, code), selectChildren(db, code)]);
  return {
    code: region.code,
    parentCode: region.parentCode,
    name: region.name,
    level: region.level,
    bbox: [region.minLon, region.minLat, region.maxLon, region.maxLat],
    geometry: region.geometry,
    summary,
    children: children.map(({ code, name, level }) => ({ code, name, level })),
  };
}
