-- People–house model (人、房 "三位一体"). Runs unchanged on PGlite (embedded) and PostgreSQL ≥ 15.
-- All geometry is SRID 4326 (lon/lat, CGCS2000 ≈ WGS84) with a GiST index.
-- Region codes use COLLATE "C" so a btree index serves `LIKE 'prefix%'` jurisdiction filters.

CREATE EXTENSION IF NOT EXISTS postgis;

-- district (6 digits) → street (9) → community (12) → grid cell (15): a GB/T 2260-style prefix tree.
CREATE TABLE regions (
  code text COLLATE "C" PRIMARY KEY CHECK (code ~ '^[0-9]{6}([0-9]{3}){0,3}$'),
  parent_code text COLLATE "C" REFERENCES regions (code),
  level text NOT NULL CHECK (level IN ('district', 'street', 'community', 'grid')),
  name text NOT NULL,
  geom geometry(MultiPolygon, 4326) NOT NULL,
  CHECK (
    (level = 'district' AND length(code) = 6 AND parent_code IS NULL)
    OR (level = 'street' AND length(code) = 9)
    OR (level = 'community' AND length(code) = 12)
    OR (level = 'grid' AND length(code) = 15)
  ),
  CHECK (parent_code IS NULL OR code LIKE parent_code || '%')
);
CREATE INDEX regions_geom_gix ON regions USING gist (geom);
CREATE INDEX regions_parent_idx ON regions (parent_code);

CREATE TABLE roads (
  id bigserial PRIMARY KEY,
  source text NOT NULL DEFAULT 'demo',
  name text,
  class text NOT NULL CHECK (class IN ('trunk', 'primary', 'secondary', 'tertiary', 'residential', 'service', 'footway')),
  width_m real NOT NULL DEFAULT 8,
  geom geometry(LineString, 4326) NOT NULL
);
CREATE INDEX roads_geom_gix ON roads USING gist (geom);

-- Buildings (楼栋). source + source_id make imports idempotent (re-importing updates, never duplicates).
CREATE TABLE buildings (
  id bigserial PRIMARY KEY,
  source text NOT NULL DEFAULT 'demo',
  source_id text,
  name text,
  address text,
  use text NOT NULL DEFAULT 'residential'
    CHECK (use IN ('residential', 'commercial', 'office', 'school', 'hospital', 'market', 'mixed', 'industrial', 'public', 'other')),
  floors integer NOT NULL CHECK (floors BETWEEN 1 AND 200),
  height_m real NOT NULL CHECK (height_m > 0 AND height_m < 1000),
  grid_code text COLLATE "C" REFERENCES regions (code),
  compound text,
  footprint geometry(MultiPolygon, 4326) NOT NULL CHECK (ST_IsValid(footprint)),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (source, source_id)
);
CREATE INDEX buildings_footprint_gix ON buildings USING gist (footprint);
CREATE INDEX buildings_grid_idx ON buildings (grid_code);

-- Houses (房屋/户): one dwelling in a building, addressed by entrance (单元), floor and room.
CREATE TABLE houses (
  id bigserial PRIMARY KEY,
  building_id bigint NOT NULL REFERENCES buildings (id) ON DELETE CASCADE,
  entrance integer NOT NULL DEFAULT 1 CHECK (entrance BETWEEN 1 AND 99),
  floor integer NOT NULL CHECK (floor BETWEEN -5 AND 200),
  room text NOT NULL CHECK (length(room) BETWEEN 1 AND 16),
  status text NOT NULL DEFAULT 'self_occupied' CHECK (status IN ('self_occupied', 'rented', 'vacant')),
  area_m2 real CHECK (area_m2 IS NULL OR (area_m2 > 0 AND area_m2 < 10000)),
  UNIQUE (building_id, entrance, floor, room)
);

-- Residents (实有人口). grid_code is copied from the house's building so jurisdiction filters and
-- per-grid counts need no join; it is kept in step by the loaders and importers.
CREATE TABLE residents (
  id bigserial PRIMARY KEY,
  house_id bigint REFERENCES houses (id) ON DELETE SET NULL,
  grid_code text COLLATE "C" REFERENCES regions (code),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
  id_number text COLLATE "C" NOT NULL UNIQUE CHECK (id_number ~ '^[0-9]{17}[0-9X]$'),
  sex text NOT NULL CHECK (sex IN ('M', 'F')),
  birth_date date NOT NULL,
  phone text COLLATE "C" CHECK (phone IS NULL OR phone ~ '^[0-9]{6,15}$'),
  relation text NOT NULL DEFAULT 'other'
    CHECK (relation IN ('head', 'spouse', 'child', 'parent', 'grandchild', 'sibling', 'tenant', 'other')),
  category text NOT NULL DEFAULT 'registered' CHECK (category IN ('registered', 'floating', 'lodger', 'unsettled')),
  key_tags text[] NOT NULL DEFAULT '{}'
    CHECK (key_tags <@ ARRAY['released_prisoner', 'community_correction', 'drug_user', 'mental_illness', 'petitioner']::text[]),
  care_tags text[] NOT NULL DEFAULT '{}'
    CHECK (care_tags <@ ARRAY['elderly_alone', 'empty_nest', 'disabled', 'left_behind_child', 'low_income']::text[])
);
CREATE INDEX residents_house_idx ON residents (house_id);
CREATE INDEX residents_grid_idx ON residents (grid_code);
-- 以人找房 searches: name prefix, ID number or phone in full or by their last digits.
CREATE INDEX residents_name_idx ON residents (name text_pattern_ops);
CREATE INDEX residents_id_tail_idx ON residents ((reverse(id_number)) text_pattern_ops);
CREATE INDEX residents_phone_idx ON residents (phone);
CREATE INDEX residents_phone_tail_idx ON residents ((reverse(phone)) text_pattern_ops);

CREATE TABLE grid_workers (
  id bigserial PRIMARY KEY,
  employee_no text NOT NULL UNIQUE,
  name text NOT NULL,
  phone text CHECK (phone IS NULL OR phone ~ '^[0-9]{6,15}$'),
  grid_code text COLLATE "C" NOT NULL REFERENCES regions (code)
);
CREATE INDEX grid_workers_grid_idx ON grid_workers (grid_code);

-- Places and things (部件/重点场所): key places, special trades, key facilities, cameras.
CREATE TABLE places (
  id bigserial PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('key_place', 'special_trade', 'facility', 'camera')),
  subtype text NOT NULL,
  name text NOT NULL,
  address text,
  grid_code text COLLATE "C" REFERENCES regions (code),
  building_id bigint REFERENCES buildings (id) ON DELETE SET NULL,
  attrs jsonb NOT NULL DEFAULT '{}',
  geom geometry(Point, 4326) NOT NULL
);
CREATE INDEX places_geom_gix ON places USING gist (geom);
CREATE INDEX places_grid_idx ON places (grid_code);
