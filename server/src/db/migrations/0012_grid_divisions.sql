-- Dividing communities into grid cells (网格划分): a proposal is kept for review on the screen
-- until it is committed (its cells become grid regions) or discarded.
CREATE TABLE grid_divisions (
  id bigserial PRIMARY KEY,
  region_code text COLLATE "C" NOT NULL REFERENCES regions (code),
  households_target integer NOT NULL CHECK (households_target BETWEEN 10 AND 5000),
  status text NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'committed', 'discarded')),
  report jsonb NOT NULL,
  created_by bigint,
  created_at timestamptz NOT NULL DEFAULT now(),
  decided_at timestamptz
);
CREATE INDEX grid_divisions_region_idx ON grid_divisions (region_code, created_at DESC);

CREATE TABLE grid_division_cells (
  division_id bigint NOT NULL REFERENCES grid_divisions (id) ON DELETE CASCADE,
  ord integer NOT NULL,
  community_code text COLLATE "C" NOT NULL REFERENCES regions (code),
  households integer NOT NULL,
  building_ids bigint[] NOT NULL,
  geom geometry(MultiPolygon, 4326) NOT NULL,
  PRIMARY KEY (division_id, ord)
);
CREATE INDEX grid_division_cells_geom_gix ON grid_division_cells USING gist (geom);

INSERT INTO permissions (name, description) VALUES
  ('regions.manage', 'divide communities into grid cells and commit the division');
INSERT INTO role_permissions (role, permission) VALUES ('admin', 'regions.manage') ON CONFLICT DO NOTHING;
