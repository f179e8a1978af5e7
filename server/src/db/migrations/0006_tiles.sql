-- 3D Tiles (issue #5). Building tiles live on disk (DATA_DIR/tiles/buildings/<jurisdiction>/, with a
-- manifest of tile → content hash): contents are addressed by the hash of their buildings' digests,
-- so nothing about them needs a table. What does: the registry of external 3D layers.

-- External tilesets (oblique photogrammetry, BIM) registered by an administrator (layers.manage).
-- jurisdiction: the registering administrator's, to scope who sees the layer.
CREATE TABLE layers3d (
  id bigserial PRIMARY KEY,
  name text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 100),
  kind text NOT NULL CHECK (kind IN ('photogrammetry', 'bim')),
  url text NOT NULL CHECK (length(url) BETWEEN 2 AND 2000),
  tiles_version text NOT NULL CHECK (tiles_version IN ('1.0', '1.1')),
  model_matrix double precision[] CHECK (model_matrix IS NULL OR array_length(model_matrix, 1) = 16),
  height_offset_m double precision NOT NULL DEFAULT 0,
  classify boolean NOT NULL DEFAULT true,
  jurisdiction text COLLATE "C" NOT NULL CHECK (jurisdiction ~ '^([0-9]{6}([0-9]{3}){0,3})?$'),
  created_by bigint REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
