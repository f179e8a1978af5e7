-- Cases (事件/案卷) and their closed loop (闭环). The workflow itself is data (case_workflows);
-- every timestamp is written by the server from its injected clock, never now(), so tests drive time.

-- Workflow per jurisdiction (a region code prefix; '' = the installation default). The longest
-- prefix of a case's grid code wins.
CREATE TABLE case_workflows (
  jurisdiction text COLLATE "C" PRIMARY KEY CHECK (jurisdiction ~ '^([0-9]{6}([0-9]{3}){0,3})?$'),
  config jsonb NOT NULL,
  updated_at timestamptz NOT NULL,
  updated_by bigint
);

-- Case numbers: region code + yyyymmdd + sequence; the row lock of the upsert serialises numbering.
CREATE TABLE case_sequences (
  region text COLLATE "C" NOT NULL,
  day text NOT NULL,
  last integer NOT NULL,
  PRIMARY KEY (region, day)
);

-- Photos are files under <data>/photos named by their sha256; this row says what they are.
CREATE TABLE case_photo_files (
  sha256 text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  type text NOT NULL CHECK (type IN ('image/jpeg', 'image/png', 'image/webp')),
  bytes integer NOT NULL CHECK (bytes > 0),
  uploaded_by bigint,
  uploaded_at timestamptz NOT NULL
);

CREATE TABLE cases (
  id bigserial PRIMARY KEY,
  number text COLLATE "C" NOT NULL UNIQUE,
  major text NOT NULL,
  minor text NOT NULL,
  source text NOT NULL CHECK (source IN ('grid_worker', 'hotline', 'public', 'video_patrol', 'platform')),
  state text NOT NULL,
  prev_state text,
  terminal boolean NOT NULL DEFAULT false,
  level text NOT NULL DEFAULT 'grid' CHECK (level IN ('grid', 'community', 'street', 'district', 'city')),
  grid_code text COLLATE "C" NOT NULL REFERENCES regions (code),
  geom geometry(Point, 4326) NOT NULL,
  address text,
  building_id bigint REFERENCES buildings (id) ON DELETE SET NULL,
  description text NOT NULL,
  -- lower-cased, whitespace-collapsed description: duplicate detection
  description_key text NOT NULL,
  reporter_name text,
  reporter_phone text CHECK (reporter_phone IS NULL OR reporter_phone ~ '^[0-9]{6,15}$'),
  department text,
  supervised boolean NOT NULL DEFAULT false,
  rejections integer NOT NULL DEFAULT 0,
  overdue_count integer NOT NULL DEFAULT 0,
  satisfaction integer CHECK (satisfaction IS NULL OR satisfaction BETWEEN 1 AND 5),
  pending_request jsonb,
  stage_started_at timestamptz NOT NULL,
  yellow_from timestamptz,
  deadline timestamptz,
  overdue_at timestamptz,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  version integer NOT NULL DEFAULT 1,
  reported_by bigint
);
CREATE INDEX cases_geom_gix ON cases USING gist (geom);
CREATE INDEX cases_grid_created_idx ON cases (grid_code, created_at DESC);
CREATE INDEX cases_created_idx ON cases (created_at DESC);
-- the scheduler's scan: open stages with a limit not yet marked overdue
CREATE INDEX cases_due_idx ON cases (deadline) WHERE overdue_at IS NULL AND deadline IS NOT NULL;
CREATE INDEX cases_dup_idx ON cases (description_key) WHERE NOT terminal;

CREATE TABLE case_history (
  id bigserial PRIMARY KEY,
  case_id bigint NOT NULL REFERENCES cases (id),
  at timestamptz NOT NULL,
  action text NOT NULL,
  from_state text,
  to_state text NOT NULL,
  actor_kind text NOT NULL CHECK (actor_kind IN ('user', 'system')),
  actor_id bigint,
  actor_name text NOT NULL,
  actor_role text,
  note text,
  photos text[] NOT NULL DEFAULT '{}',
  data jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX case_history_case_idx ON case_history (case_id, id);

-- Every photo attached to a case (report, feedback, verification): who may read the case may see it.
CREATE TABLE case_photos (
  case_id bigint NOT NULL REFERENCES cases (id),
  sha256 text NOT NULL REFERENCES case_photo_files (sha256),
  PRIMARY KEY (case_id, sha256)
);
CREATE INDEX case_photos_sha_idx ON case_photos (sha256);

-- A registered case is never deleted and its history never rewritten (DOMAIN.md): refused here, so
-- no route or script can do it by mistake.
CREATE FUNCTION cases_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% on % is not allowed: cases are never deleted and their history is append-only', TG_OP, TG_TABLE_NAME;
END;
$$;
CREATE TRIGGER cases_no_delete BEFORE DELETE ON cases FOR EACH ROW EXECUTE FUNCTION cases_refuse_change();
CREATE TRIGGER case_history_append_only BEFORE UPDATE OR DELETE ON case_history
  FOR EACH ROW EXECUTE FUNCTION cases_refuse_change();
CREATE TRIGGER case_photos_no_delete BEFORE DELETE ON case_photos FOR EACH ROW EXECUTE FUNCTION cases_refuse_change();
