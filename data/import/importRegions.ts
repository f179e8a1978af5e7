import type { MultiPolygon } from 'geojson';
import type { Db } from '../../server/src/db/db.ts';
import { reassignToGrids } from '../../server/src/regions/regions.sql.ts';
import type { RegionLevel } from '../../contracts/regions.ts';
import { dbErrorField, writeInChunks } from './chunks.ts';
import { describeCoords, isLonLat, removeOffset, WGS84, type CoordOptions } from './coords.ts';
import type { RawFeature } from './features.ts';
import { footprintOf } from './geojson.ts';
import {
  parentsByContainment,
  regionWarnings,
  selectRegionKeys,
  upsertRegions,
  type RegionWarning,
  type RegionWrite,
} from './regions.sql.ts';
import { emptyReport, type ImportReport, type Rejection } from './report.ts';

export const LEVELS: readonly RegionLevel[] = ['district', 'street', 'community', 'grid'];
const CODE_LENGTH: Record<RegionLevel, number> = { district: 6, street: 9, community: 12, grid: 15 };
/** What users call the levels (GB/T 2260 names and the common Chinese ones). */
const LEVEL_NAMES: Record<string, RegionLevel> = {
  district: 'district',
  county: 'district',
  区: 'district',
  县: 'district',
  区县: 'district',
  street: 'street',
  town: 'street',
  township: 'street',
  街道: 'street',
  镇: 'street',
  乡: 'street',
  乡镇: 'street',
  community: 'community',
  village: 'community',
  社区: 'community',
  村: 'community',
  居委会: 'community',
  grid: 'grid',
  cell: 'grid',
  网格: 'grid',
};

export interface RegionFieldOptions {
  codeField?: string | undefined;
  nameField?: string | undefined;
  levelField?: string | undefined;
  parentField?: string | undefined;
  /** Every feature is of this level (a file of one level without a level attribute). */
  level?: RegionLevel | undefined;
}

export interface ImportRegionsOptions extends RegionFieldOptions {
  coords?: CoordOptions | undefined;
}

export interface RegionsReport extends ImportReport {
  repaired: number;
  /** How the coordinates were read (CRS transform, web-map offset removed). */
  coordinates: string;
  /** Regions whose code the importer made (the file had none, or one that is not GB/T 2260-style). */
  generated: { row: number; code: string; name: string; sourceCode?: string }[];
  /** What a reviewer must look at: parts outside a parent, sibling overlaps, gaps in a parent. */
  warnings: RegionWarning[];
  /** Buildings and residents put into the grid cells as they are now; key places placed again. */
  reassigned: { buildings: number; residents: number; places: number };
}

const DEFAULT_FIELDS = {
  code: ['code', 'adcode', 'CODE', 'ADCODE', '区划代码', '代码'],
  name: ['name', 'NAME', '名称', 'qh', 'mc', 'MC'],
  level: ['level', 'LEVEL', '级别', '层级'],
  parent: ['parent', 'parent_code', 'PARENT', '上级代码'],
} as const;

interface Candidate {
  row: number;
  name: string;
  level: RegionLevel;
  /** A GB/T 2260-style code of the right length, as given. */
  code: string | undefined;
  /** The customer's own code (kept beside a generated one). */
  sourceCode: string | null;
  parentRef: string | undefined;
  geometry: MultiPolygon;
}

/**
 * Imports regions (district → street → community → grid cell), one feature each: validated in JS,
 * parents resolved (given, by code prefix, else by the largest overlap with the level above), codes
 * generated where the file has none of ours, written level by level (repaired by ST_MakeValid or
 * rejected), re-imports updating in place (by code, the customer's code, or parent + name). Then
 * the warnings a reviewer must see, and buildings, residents and places put into the cells as they are.
 */
export async function importRegions(
  db: Db,
  file: string,
  features: readonly RawFeature[],
  opts: ImportRegionsOptions = {},
): Promise<RegionsReport> {
  const coords = opts.coords ?? WGS84;
  const report: RegionsReport = {
    ...emptyReport(file, 'regions', features.length),
    repaired: 0,
    coordinates: describeCoords(coords),
    generated: [],
    warnings: [],
    reassigned: { buildings: 0, residents: 0, places: 0 },
  };
  const candidates: Candidate[] = [];
  for (const f of features) {
    const c = toCandidate(f, opts, coords);
    if ('code' in c && 'reason' in c) report.rejected.push(c as Rejection);
    else candidates.push(c as Candidate);
  }
  const written: string[] = [];
  const writtenGrids: string[] = [];
  // codes of this import by the customer's code, per level (a parent given as the customer's code)
  const bySource = new Map<string, string>();
  for (const level of LEVELS) {
    const rows = candidates.filter((c) => c.level === level);
    if (rows.length === 0) continue;
    const ready = await resolve(db, rows, level, coords, bySource, report);
    const out = await writeInChunks(
      ready,
      (chunk) =>
        upsertRegions(
          db,
          chunk.map((r) => r.write),
          coords.srid,
        ),
      (r, err) =>
        report.rejected.push({
          row: r.row,
          id: r.write.code,
          ...(dbErrorField(err, 'regions', ['code', 'parent_code', 'level', 'geom'])
            ? { field: 'geometry' }
            : {}),
          code: 'db',
          reason: err.message,
        }),
      undefined,
      500,
    );
    for (const { row, out: o } of out) {
      if (!o.ok) {
        report.rejected.push({
          row: row.row,
          id: row.write.code,
          field: 'geometry',
          code: 'invalid_geometry',
          reason: 'empty or invalid after ST_MakeValid',
        });
        continue;
      }
      if (o.inserted) report.inserted++;
      else report.updated++;
      if (o.repaired) report.repaired++;
      written.push(o.code);
      if (level === 'grid') writtenGrids.push(o.code);
      if (row.write.sourceCode) bySource.set(`${level}:${row.write.sourceCode}`, o.code);
    }
  }
  if (written.length > 0) report.warnings = await regionWarnings(db, written);
  if (writtenGrids.length > 0) report.reassigned = await reassignToGrids(db, writtenGrids);
  report.rejected.sort((a, b) => a.row - b.row);
  return report;
}

/** One feature → a candidate of known level, name and geometry, or why it is rejected. */
function toCandidate(f: RawFeature, opts: RegionFieldOptions, coords: CoordOptions): Candidate | Rejection {
  const p = f.properties;
  const pick = (field: string | undefined, defaults: readonly string[]) => {
    const v =
      field !== undefined
        ? p[field]
        : defaults.map((k) => p[k]).find((x) => x !== undefined && x !== null && x !== '');
    return v === undefined || v === null || v === '' ? undefined : String(v).trim();
  };
  const rawCode = pick(opts.codeField, DEFAULT_FIELDS.code);
  const name = pick(opts.nameField, DEFAULT_FIELDS.name);
  if (!name)
    return {
      row: f.row,
      ...(rawCode ? { id: rawCode } : {}),
      field: 'name',
      code: 'required',
      reason: 'no name',
    };
  if (name.length > 64)
    return {
      row: f.row,
      id: rawCode ?? name,
      field: 'name',
      code: 'invalid',
      reason: 'name over 64 characters',
    };
  const levelText = opts.level ?? pick(opts.levelField, DEFAULT_FIELDS.level);
  const ours = rawCode !== undefined && /^[0-9]{6}([0-9]{3}){0,3}$/.test(rawCode) ? rawCode : undefined;
  const byLength = ours ? LEVELS.find((l) => CODE_LENGTH[l] === ours.length) : undefined;
  const level =
    levelText !== undefined ? (LEVEL_NAMES[levelText.toLowerCase()] ?? LEVEL_NAMES[levelText]) : byLength;
  if (!level)
    return {
      row: f.row,
      id: rawCode ?? name,
      field: 'level',
      code: levelText === undefined ? 'required' : 'invalid',
      reason:
        levelText === undefined
          ? 'no level, and no GB/T 2260-style code to tell it (use --level)'
          : `level "${levelText}" is not district, street, community or grid`,
    };
  const code = ours && ours.length === CODE_LENGTH[level] ? ours : undefined;
  if (ours && !code)
    return {
      row: f.row,
      id: ours,
      field: 'code',
      code: 'invalid',
      reason: `a ${level} code has ${CODE_LENGTH[level]} digits, not ${ours.length}`,
    };
  const geometry = footprintOf(f.geometry, !isLonLat(coords));
  if (typeof geometry === 'string')
    return {
      row: f.row,
      id: rawCode ?? name,
      field: 'geometry',
      code: geometry.split(':')[0]!,
      reason: geometry,
    };
  removeOffset(geometry.coordinates, coords.from);
  return {
    row: f.row,
    name,
    level,
    code,
    sourceCode: code ? null : (rawCode ?? null),
    parentRef: pick(opts.parentField, DEFAULT_FIELDS.parent),
    geometry,
  };
}

/**
 * Parents and codes for one level's candidates: the given parent (ours, or a customer's code of
 * this import), the code's prefix, else the region above overlapping most. Codes: as given, the
 * stored region with the same customer code or the same parent and name (a re-import), else the
 * parent's next free three digits (districts: 9xxxxx).
 */
async function resolve(
  db: Db,
  rows: Candidate[],
  level: RegionLevel,
  coords: CoordOptions,
  bySource: Map<string, string>,
  report: RegionsReport,
): Promise<{ row: number; write: RegionWrite }[]> {
  const up = LEVELS[LEVELS.indexOf(level) - 1];
  const stored = await selectRegionKeys(db, level);
  const above = up ? new Set((await selectRegionKeys(db, up)).map((r) => r.code)) : new Set<string>();
  const parents = new Map<Candidate, string | null>();
  const unplaced: Candidate[] = [];
  const reject = (c: Candidate, field: string, code: string, reason: string) =>
    report.rejected.push({ row: c.row, id: c.code ?? c.sourceCode ?? c.name, field, code, reason });
  for (const c of rows) {
    if (!up) parents.set(c, null);
    else if (c.parentRef !== undefined) {
      const ref = above.has(c.parentRef) ? c.parentRef : bySource.get(`${up}:${c.parentRef}`);
      if (!ref)
        reject(c, 'parent', 'unknown_parent', `parent ${c.parentRef} is not a ${up} (import it first)`);
      else if (c.code && !c.code.startsWith(ref))
        reject(c, 'parent', 'parent_mismatch', `code ${c.code} does not start with its parent ${ref}`);
      else parents.set(c, ref);
    } else if (c.code) {
      const prefix = c.code.slice(0, -3);
      if (above.has(prefix)) parents.set(c, prefix);
      else reject(c, 'code', 'unknown_parent', `no ${up} ${prefix} for code ${c.code} (import it first)`);
    } else unplaced.push(c);
  }
  if (up && unplaced.length > 0) {
    const found = await parentsByContainment(
      db,
      unplaced.map((c) => c.geometry),
      coords.srid,
      up,
    );
    unplaced.forEach((c, i) => {
      if (found[i]) parents.set(c, found[i]!);
      else reject(c, 'geometry', 'no_parent', `lies in no ${up}: give a parent or import the ${up}s first`);
    });
  }
  const taken = new Set(stored.map((r) => r.code));
  const storedBySource = new Map(stored.filter((r) => r.sourceCode).map((r) => [r.sourceCode!, r.code]));
  const storedByName = new Map(stored.map((r) => [`${r.parentCode}|${r.name}`, r.code]));
  const used = new Set<string>();
  const out: { row: number; write: RegionWrite }[] = [];
  for (const c of rows) {
    if (!parents.has(c)) continue;
    const parent = parents.get(c)!;
    let code =
      c.code ??
      (c.sourceCode ? storedBySource.get(c.sourceCode) : undefined) ??
      storedByName.get(`${parent}|${c.name}`);
    if (!code) {
      code = nextCode(parent, taken);
      report.generated.push({
        row: c.row,
        code,
        name: c.name,
        ...(c.sourceCode ? { sourceCode: c.sourceCode } : {}),
      });
    }
    if (used.has(code)) {
      reject(c, 'code', 'duplicate', `code ${code} appears twice in the file`);
      continue;
    }
    used.add(code);
    taken.add(code);
    out.push({
      row: c.row,
      write: {
        code,
        parentCode: parent,
        level,
        name: c.name,
        sourceCode: c.sourceCode,
        geometry: c.geometry,
      },
    });
  }
  return out;
}

/** The next free code under a parent (three more digits), or a free district code 9xxxxx. */
function nextCode(parent: string | null, taken: ReadonlySet<string>): string {
  const [base, digits, from] = parent === null ? ['9', 5, 1] : [parent, 3, 1];
  for (let n = from; n < 10 ** digits; n++) {
    const code = base + String(n).padStart(digits, '0');
    if (!taken.has(code)) return code;
  }
  throw new Error(`no free code left under ${parent ?? 'the districts'}`);
}
