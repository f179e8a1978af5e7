import { BUILDING_USES } from './rows.ts';

export type BuildingUse = (typeof BUILDING_USES)[number];

// OSM `building=*` / Tilezen `kind_detail` values (and a few Chinese labels) → the schema's use enum.
const GROUPS: Record<Exclude<BuildingUse, 'other'>, readonly string[]> = {
  residential: [
    'apartments',
    'residential',
    'house',
    'detached',
    'semidetached_house',
    'terrace',
    'bungalow',
    'dormitory',
    'cabin',
    'farm',
    '住宅',
    '居民楼',
  ],
  commercial: [
    'commercial',
    'retail',
    'shop',
    'mall',
    'supermarket',
    'hotel',
    'restaurant',
    'cafe',
    'bank',
    'kiosk',
    'fast_food',
    'bar',
    'pub',
    '商业',
    '商铺',
  ],
  office: ['office', '办公', '写字楼'],
  school: ['school', 'university', 'college', 'kindergarten', '学校'],
  hospital: ['hospital', 'clinic', 'doctors', '医院'],
  market: ['market', 'marketplace', '市场'],
  mixed: ['mixed', 'mixed_use', '商住'],
  industrial: ['industrial', 'warehouse', 'factory', 'manufacture', 'storage_tank', '工业', '厂房'],
  public: [
    'public',
    'government',
    'civic',
    'townhall',
    'library',
    'museum',
    'fire_station',
    'police',
    'community_centre',
    '公共',
  ],
};
const LOOKUP = new Map<string, BuildingUse>(
  Object.entries(GROUPS).flatMap(([use, values]) => values.map((v) => [v, use as BuildingUse] as const)),
);

/** Maps a free-form use/building tag to the schema enum; unknown or missing values become 'other'. */
export function buildingUse(value: unknown): BuildingUse {
  if (typeof value !== 'string') return 'other';
  return LOOKUP.get(value.trim().toLowerCase()) ?? 'other';
}
