-- Grid workers in the field (issue #7): which account reports for which worker, GPS history
-- partitioned by day, the latest fix per worker (GiST), and duty shifts (clock in / clock out).
-- Runs unchanged on PGlite and PostgreSQL ≥ 15. Times are timestamptz; lon/lat are WGS84 (SRID 4326).

-- The phone's account (role grid_worker, positions.report) reports for exactly one worker.
-- device_id: the OsmAnd / Traccar Client identifier, when it is not the employee number.
ALTER TABLE grid_workers
  ADD COLUMN user_id bigint UNIQUE REFERENCES users (id) ON DELETE SET NULL,
  ADD COLUMN device_id text UNIQUE CHECK (device_id IS NULL OR length(device_id) BETWEEN 1 AND 64);

-- History: one row per accepted fix, written in micro-batches. Partitioned by UTC day so a day's
-- playback reads one partition and old days are dropped whole; points outside every partition land
-- in the default one (positions_ensure_partitions creates days ahead, at start and daily).
-- lon/lat as float8 instead of geometry: the hot insert path stays cheap; queries build points.
CREATE TABLE position_history (
  worker_id bigint NOT NULL,
  t timestamptz NOT NULL,
  lon float8 NOT NULL CHECK (lon BETWEEN -180 AND 180),
  lat float8 NOT NULL CHECK (lat BETWEEN -90 AND 90),
  accuracy_m real,
  speed_mps real,
  heading_deg real,
  battery_pct real
) PARTITION BY RANGE (t);
-- Tracks read one worker over a time range: (worker_id, t) serves that and orders by time.
CREATE INDEX position_history_worker_t_idx ON position_history (worker_id, t);
CREATE TABLE position_history_default PARTITION OF position_history DEFAULT;

-- Creates the daily partitions covering [first, last] (UTC days) that do not exist yet. Rows of
-- that day already in the default partition move into the new one (ATTACH refuses otherwise).
CREATE FUNCTION positions_ensure_partitions(first date, last date) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  d date := first;
  made integer := 0;
  name text;
  lo timestamptz;
  hi timestamptz;
BEGIN
  WHILE d <= last LOOP
    name := 'position_history_' || to_char(d, 'YYYYMMDD');
    IF to_regclass(name) IS NULL THEN
      lo := d::timestamp AT TIME ZONE 'UTC';
      hi := (d + 1)::timestamp AT TIME ZONE 'UTC';
      EXECUTE format('CREATE TABLE %I (LIKE position_history INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', name);
      EXECUTE format(
        'WITH m AS (DELETE FROM position_history_default WHERE t >= %L AND t < %L RETURNING *) INSERT INTO %I SELECT * FROM m',
        lo, hi, name);
      EXECUTE format('ALTER TABLE position_history ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', name, lo, hi);
      made := made + 1;
    END IF;
    d := d + 1;
  END LOOP;
  RETURN made;
END
$$;

-- The newest fix per worker (older points never overwrite it). still_since / anchor: since when the
-- worker has stayed within 30 m of the anchor point (the first fix of the still period).
CREATE TABLE latest_positions (
  worker_id bigint PRIMARY KEY REFERENCES grid_workers (id) ON DELETE CASCADE,
  t timestamptz NOT NULL,
  lon float8 NOT NULL,
  lat float8 NOT NULL,
  geom geometry(Point, 4326) NOT NULL,
  accuracy_m real,
  speed_mps real,
  heading_deg real,
  battery_pct real,
  still_since timestamptz NOT NULL,
  anchor_lon float8 NOT NULL,
  anchor_lat float8 NOT NULL
);
CREATE INDEX latest_positions_geom_gix ON latest_positions USING gist (geom);

-- Duty shifts: an open shift (ended_at NULL) means on duty; at most one open shift per worker.
CREATE TABLE duty_shifts (
  id bigserial PRIMARY KEY,
  worker_id bigint NOT NULL REFERENCES grid_workers (id) ON DELETE CASCADE,
  started_at timestamptz NOT NULL DEFAULT now(),
  ended_at timestamptz,
  start_lon float8,
  start_lat float8,
  end_lon float8,
  end_lat float8,
  CHECK (ended_at IS NULL OR ended_at >= started_at)
);
CREATE UNIQUE INDEX duty_shifts_open_idx ON duty_shifts (worker_id) WHERE ended_at IS NULL;
CREATE INDEX duty_shifts_worker_idx ON duty_shifts (worker_id, started_at);
