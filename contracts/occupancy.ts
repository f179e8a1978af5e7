import { z } from 'zod';
import { jurisdictionSchema, regionLevelSchema } from './regions.ts';

/**
 * Occupancy analytics for the analyst (人口房屋分析): houses and residents counted per street,
 * community, grid cell or building, from the registry as it is; the change over time from the
 * history of stays (resident_moves). Aggregates only: no person is ever listed here.
 *   GET /api/occupancy?region&level&sort&order&limit       → OccupancyAnswer (a ranking table)
 *   GET /api/occupancy/profile?region                      → OccupancyProfile (distributions)
 *   GET /api/occupancy/trend?region&months                 → OccupancyTrend (month by month)
 *   GET /api/occupancy/export?table&format&lang&…          → the same table as CSV or XLSX, audited
 * Permission buildings.read inside the caller's jurisdiction; key-population counts only with
 * people.key_population. `region` defaults to the caller's jurisdiction.
 */
export const OCCUPANCY_PATH = '/api/occupancy';

/** The units a table ranks: regions of a level, or buildings. */
export const occupancyLevelSchema = z.enum(['street', 'community', 'grid', 'building']);
export type OccupancyLevel = z.infer<typeof occupancyLevelSchema>;

export const KEY_TAGS = [
  'released_prisoner',
  'community_correction',
  'drug_user',
  'mental_illness',
  'petitioner',
] as const;
export type KeyTag = (typeof KEY_TAGS)[number];

/** The figures of one unit (or of the whole region), in the order the table shows them. */
export const OCCUPANCY_METRICS = [
  'buildings',
  'houses',
  'occupied',
  'residents',
  'perHouse',
  'floating',
  'floatingShare',
  'rented',
  'rentedShare',
  'vacant',
  'vacancy',
  'elderly',
  'elderlyAlone',
  'children',
  'keyPopulation',
] as const;
export type OccupancyMetric = (typeof OCCUPANCY_METRICS)[number];
export const occupancyMetricSchema = z.enum(OCCUPANCY_METRICS);
/** Shares (0–1) and ratios, shown as percentages or with one decimal. */
export const RATIO_METRICS: ReadonlySet<OccupancyMetric> = new Set([
  'perHouse',
  'floatingShare',
  'rentedShare',
  'vacancy',
]);

const count = z.number().int().nonnegative();
export const occupancyFiguresSchema = z.object({
  buildings: count,
  houses: count,
  /** Houses with at least one resident (实住户). */
  occupied: count,
  residents: count,
  /** Residents per occupied house (户均人口); 0 when none is occupied. */
  perHouse: z.number(),
  floating: count,
  /** floating / residents */
  floatingShare: z.number(),
  rented: count,
  /** rented / houses */
  rentedShare: z.number(),
  vacant: count,
  /** vacant / houses */
  vacancy: z.number(),
  /** 60 and older */
  elderly: count,
  elderlyAlone: count,
  /** under 18 */
  children: count,
  /** People with any key-population tag; null when the caller may not see key populations. */
  keyPopulation: count.nullable(),
  /** Per tag; null likewise. */
  keyTags: z.record(z.enum(KEY_TAGS), count).nullable(),
});
export type OccupancyFigures = z.infer<typeof occupancyFiguresSchema>;

export const occupancyRowSchema = occupancyFiguresSchema.extend({
  /** Region code, or the building id as text. */
  code: z.string(),
  name: z.string(),
  /** Where a click on the row's bar flies: a region's extent, or the building. */
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]).nullable(),
  buildingId: z.number().int().nullable(),
});
export type OccupancyRow = z.infer<typeof occupancyRowSchema>;

export const occupancyQuerySchema = z.object({
  /** The region whose units are ranked (default: the caller's jurisdiction). */
  region: jurisdictionSchema.optional(),
  level: occupancyLevelSchema.default('community'),
  sort: occupancyMetricSchema.default('residents'),
  order: z.enum(['asc', 'desc']).default('desc'),
  limit: z.coerce.number().int().min(1).max(5000).default(500),
});
export type OccupancyQuery = z.infer<typeof occupancyQuerySchema>;

export const occupancyPlaceSchema = z.object({
  code: z.string(),
  name: z.string(),
  level: regionLevelSchema.nullable(),
});

export const occupancyAnswerSchema = z.object({
  region: occupancyPlaceSchema,
  level: occupancyLevelSchema,
  sort: occupancyMetricSchema,
  order: z.enum(['asc', 'desc']),
  /** Units at the level inside the region (rows may be fewer: limit). */
  count: count,
  rows: z.array(occupancyRowSchema),
  /** The whole region: the same figures over every unit, not only the rows listed. */
  total: occupancyFiguresSchema,
  keyPopulationVisible: z.boolean(),
});
export type OccupancyAnswer = z.infer<typeof occupancyAnswerSchema>;

export const regionParamSchema = z.object({ region: jurisdictionSchema.optional() });

/** Houses by how many people live in them (6 = six or more), and the age pyramid by sex. */
export const occupancyProfileSchema = z.object({
  region: occupancyPlaceSchema,
  perHouse: z.array(z.object({ residents: z.number().int(), houses: count })),
  ages: z.array(z.object({ band: z.string(), M: count, F: count })),
});
export type OccupancyProfile = z.infer<typeof occupancyProfileSchema>;
export const AGE_BANDS = ['0-9', '10-19', '20-29', '30-39', '40-49', '50-59', '60-69', '70-79', '80+'];

export const trendQuerySchema = regionParamSchema.extend({
  months: z.coerce.number().int().min(1).max(120).default(12),
});
export type TrendQuery = z.infer<typeof trendQuerySchema>;

export const trendMonthSchema = z.object({
  /** YYYY-MM (server's local months) */
  month: z.string(),
  /** Living here at the month's end (the current month: today). */
  residents: count,
  movedIn: count,
  movedOut: count,
});
export const occupancyTrendSchema = z.object({
  region: occupancyPlaceSchema,
  months: z.array(trendMonthSchema),
});
export type OccupancyTrend = z.infer<typeof occupancyTrendSchema>;

export const exportQuerySchema = occupancyQuerySchema.extend({
  table: z.enum(['units', 'trend', 'profile']).default('units'),
  format: z.enum(['csv', 'xlsx']).default('csv'),
  lang: z.enum(['zh', 'en']).default('zh'),
  months: z.coerce.number().int().min(1).max(120).default(12),
});
export type ExportQuery = z.infer<typeof exportQuerySchema>;

/** Column titles, shared by the screen's table and the exported files (one definition). */
export const OCCUPANCY_LABELS: Record<'zh' | 'en', Record<string, string>> = {
  zh: {
    code: '编码',
    name: '名称',
    buildings: '楼栋',
    houses: '房屋',
    occupied: '实住户',
    residents: '人口',
    perHouse: '户均人口',
    floating: '流动人口',
    floatingShare: '流动人口占比',
    rented: '出租房屋',
    rentedShare: '出租率',
    vacant: '空置房屋',
    vacancy: '空置率',
    elderly: '60岁以上',
    elderlyAlone: '独居老人',
    children: '未成年人',
    keyPopulation: '重点人员',
    released_prisoner: '刑满释放',
    community_correction: '社区矫正',
    drug_user: '吸毒人员',
    mental_illness: '严重精神障碍',
    petitioner: '重点上访',
    month: '月份',
    movedIn: '迁入',
    movedOut: '迁出',
    band: '年龄段',
    M: '男',
    F: '女',
    perHouseResidents: '每户人数',
  },
  en: {
    code: 'Code',
    name: 'Name',
    buildings: 'Buildings',
    houses: 'Houses',
    occupied: 'Occupied',
    residents: 'Residents',
    perHouse: 'Per house',
    floating: 'Floating',
    floatingShare: 'Floating share',
    rented: 'Rented',
    rentedShare: 'Rented share',
    vacant: 'Vacant',
    vacancy: 'Vacancy',
    elderly: '60+',
    elderlyAlone: 'Elderly alone',
    children: 'Under 18',
    keyPopulation: 'Key population',
    released_prisoner: 'Released prisoners',
    community_correction: 'Community correction',
    drug_user: 'Drug users',
    mental_illness: 'Severe mental illness',
    petitioner: 'Petitioners',
    month: 'Month',
    movedIn: 'Moved in',
    movedOut: 'Moved out',
    band: 'Age',
    M: 'Male',
    F: 'Female',
    perHouseResidents: 'Residents per house',
  },
};
