import type { LineString, MultiPolygon, Point } from 'geojson';

/** Rows of a generated district: plain data with local ids; geometry as GeoJSON in SRID 4326. */
export type RegionLevel = 'district' | 'street' | 'community' | 'grid';
export type RoadClass =
  'trunk' | 'primary' | 'secondary' | 'tertiary' | 'residential' | 'service' | 'footway';
export type BuildingUse =
  'residential' | 'commercial' | 'office' | 'school' | 'hospital' | 'market' | 'mixed' | 'public';
/** Building form, kept for tests and tile styling; not stored in the database. */
export type BuildingForm = 'slab' | 'tower' | 'bungalow' | 'block';
export type HouseStatus = 'self_occupied' | 'rented' | 'vacant';
export type Relation = 'head' | 'spouse' | 'child' | 'parent' | 'grandchild' | 'sibling' | 'tenant' | 'other';
export type Category = 'registered' | 'floating' | 'lodger' | 'unsettled';
export type KeyTag =
  'released_prisoner' | 'community_correction' | 'drug_user' | 'mental_illness' | 'petitioner';
export type CareTag = 'elderly_alone' | 'empty_nest' | 'disabled' | 'left_behind_child' | 'low_income';

export interface RegionRow {
  code: string;
  parentCode: string | null;
  level: RegionLevel;
  name: string;
  geom: MultiPolygon;
}

export interface RoadRow {
  localId: number;
  name: string | null;
  class: RoadClass;
  widthM: number;
  geom: LineString;
}

export interface BuildingRow {
  localId: number;
  sourceId: string;
  name: string;
  address: string;
  use: BuildingUse;
  form: BuildingForm;
  floors: number;
  /** Entrances (单元) of a residential building. */
  entrances: number;
  heightM: number;
  gridCode: string;
  compound: string;
  footprint: MultiPolygon;
  /** Centre in lon/lat. */
  center: [number, number];
}

export interface HouseRow {
  localId: number;
  buildingLocalId: number;
  entrance: number;
  floor: number;
  room: string;
  status: HouseStatus;
  areaM2: number;
}

export interface ResidentRow {
  localId: number;
  houseLocalId: number;
  gridCode: string;
  name: string;
  idNumber: string;
  sex: 'M' | 'F';
  birthDate: string;
  phone: string | null;
  relation: Relation;
  category: Category;
  keyTags: KeyTag[];
  careTags: CareTag[];
}

export interface WorkerRow {
  employeeNo: string;
  name: string;
  phone: string;
  gridCode: string;
}

export interface PlaceRow {
  kind: 'key_place' | 'special_trade' | 'facility' | 'camera';
  subtype: string;
  name: string;
  address: string;
  gridCode: string;
  buildingLocalId: number | null;
  attrs: Record<string, unknown>;
  geom: Point;
}

export interface District {
  seed: number;
  scale: number;
  districtCode: string;
  districtName: string;
  /** Ages and birth dates are relative to this day ('YYYY-MM-DD'). */
  referenceDate: string;
  regions: RegionRow[];
  roads: RoadRow[];
  buildings: BuildingRow[];
  houses: HouseRow[];
  residents: ResidentRow[];
  workers: WorkerRow[];
  places: PlaceRow[];
}
