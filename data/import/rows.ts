import { z } from 'zod';
import { buildingUseSchema, houseStatusSchema } from '../../contracts/buildings.ts';
import {
  careTagSchema,
  keyTagSchema,
  relationSchema,
  residentCategorySchema,
} from '../../contracts/residents.ts';

/**
 * Row schemas for the importers: one per row type, keys = CSV column / GeoJSON property names.
 * Values arrive as trimmed strings (CSV) or JSON values (GeoJSON); empty cells are absent.
 * Bounds mirror the CHECKs in server/src/db/migrations/0001_people_houses.sql so bad rows are
 * caught here, with a field name, before they reach the database.
 */
// Allowed values come from the contracts, the one source shared with the API and the schema's CHECKs.
// (zod types an enum's options as an array; they are never empty.)
const tuple = <T extends string>(xs: readonly T[]) => xs as unknown as readonly [T, ...T[]];
export const BUILDING_USES = tuple(buildingUseSchema.options);
export const HOUSE_STATUSES = tuple(houseStatusSchema.options);
export const SEXES = ['M', 'F'] as const;
export const RESIDENT_CATEGORIES = tuple(residentCategorySchema.options);
export const RELATIONS = tuple(relationSchema.options);
export const KEY_TAGS = tuple(keyTagSchema.options);
export const CARE_TAGS = tuple(careTagSchema.options);

/** Numbers given as JSON numbers or strings with an optional unit ("12", "12.5 m"). */
const numeric = z.preprocess((v) => {
  if (typeof v === 'string') {
    const m = /^\s*(-?\d+(?:\.\d+)?)\s*(m|米)?\s*$/i.exec(v);
    return m ? Number(m[1]) : v;
  }
  return v;
}, z.number());
const intFrom = (min: number, max: number) =>
  z.preprocess(
    (v) => (typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v) : v),
    z.number().int().min(min).max(max),
  );
/** Accepts a few common aliases (Chinese labels, lower-case) before checking the enum. */
const aliased = <T extends readonly [string, ...string[]]>(values: T, aliases: Record<string, T[number]>) =>
  z.preprocess(
    (v) => (typeof v === 'string' ? (aliases[v] ?? aliases[v.toLowerCase()] ?? v) : v),
    z.enum(values),
  );
/** "a;b|c" → ['a','b','c']. */
const tagList = <T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess(
    (v) =>
      typeof v === 'string'
        ? v
            .split(/[;|]/)
            .map((s) => s.trim())
            .filter(Boolean)
        : (v ?? []),
    z.array(z.enum(values)).transform((a) => [...new Set(a)]),
  );

/** Building properties after field mapping (see geojson.ts); height and floors are each optional here. */
export const buildingPropsSchema = z.object({
  id: z.union([z.string().min(1), z.number()]).transform(String),
  name: z.string().max(200).optional(),
  height: numeric.pipe(z.number().gt(0).lt(1000)).optional(),
  floors: intFrom(1, 200).optional(),
});
export type BuildingProps = z.infer<typeof buildingPropsSchema>;

const buildingRef = {
  building_id: intFrom(1, Number.MAX_SAFE_INTEGER).optional(),
  building_source: z.string().optional(),
  building_source_id: z.string().optional(),
};
const hasBuildingRef = (r: { building_id?: number | undefined; building_source_id?: string | undefined }) =>
  r.building_id !== undefined || r.building_source_id !== undefined;

export const houseRowSchema = z
  .object({
    ...buildingRef,
    entrance: intFrom(1, 99).default(1),
    floor: intFrom(-5, 200),
    room: z.string().min(1).max(16),
    status: aliased(HOUSE_STATUSES, {
      自住: 'self_occupied',
      出租: 'rented',
      空置: 'vacant',
      self: 'self_occupied',
    }).default('self_occupied'),
    area_m2: numeric.pipe(z.number().gt(0).lt(10000)).optional(),
  })
  .refine(hasBuildingRef, {
    path: ['building_id'],
    message: 'building_id or building_source_id is required',
  });
export type HouseRow = z.infer<typeof houseRowSchema>;

export const residentRowSchema = z
  .object({
    name: z.string().min(1).max(64),
    id_number: z.preprocess((v) => (typeof v === 'string' ? v.toUpperCase() : v), z.string()),
    sex: aliased(SEXES, { 男: 'M', 女: 'F', m: 'M', f: 'F', male: 'M', female: 'F' }).optional(),
    birth_date: z.iso.date().optional(),
    phone: z
      .preprocess(
        (v) => (typeof v === 'string' ? v.replace(/[\s\-+()]/g, '') : v),
        z.string().regex(/^[0-9]{6,15}$/),
      )
      .optional(),
    category: aliased(RESIDENT_CATEGORIES, {
      常住: 'registered',
      户籍: 'registered',
      流动: 'floating',
      寄住: 'lodger',
      未落户: 'unsettled',
    }).default('registered'),
    relation: aliased(RELATIONS, {
      户主: 'head',
      配偶: 'spouse',
      子女: 'child',
      父母: 'parent',
      租户: 'tenant',
      其他: 'other',
    }).default('other'),
    key_tags: tagList(KEY_TAGS),
    care_tags: tagList(CARE_TAGS),
    house_id: intFrom(1, Number.MAX_SAFE_INTEGER).optional(),
    ...buildingRef,
    entrance: intFrom(1, 99).default(1),
    floor: intFrom(-5, 200).optional(),
    room: z.string().min(1).max(16).optional(),
  })
  .refine(
    (r) => r.house_id !== undefined || (hasBuildingRef(r) && r.floor !== undefined && r.room !== undefined),
    {
      path: ['house_id'],
      message: 'house_id or building_id + floor + room is required',
    },
  );
export type ResidentRow = z.infer<typeof residentRowSchema>;

/** The first zod issue as a report entry: field = column, code 'required' when the cell was empty. */
export function zodRejection(
  err: z.ZodError,
  raw: Record<string, unknown>,
): { field?: string; code: string; reason: string } {
  const issue = err.issues[0]!;
  const field = issue.path[0] === undefined ? undefined : String(issue.path[0]);
  const missing = field !== undefined && raw[field] === undefined && issue.code !== 'custom';
  const reason = err.issues.map((i) => `${i.path.join('.') || 'row'}: ${i.message}`).join('; ');
  return { ...(field ? { field } : {}), code: missing ? 'required' : zodCode(issue.code), reason };
}

function zodCode(code: string): string {
  if (code === 'invalid_value') return 'invalid_enum';
  if (code === 'too_small' || code === 'too_big') return 'out_of_range';
  if (code === 'custom') return 'required';
  return 'invalid';
}
