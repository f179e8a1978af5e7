-- Heat zones (issue #16): rollups of cases and of grid-worker presence per hour and per local day
-- × grid cell × H3 cell (resolution 10, as a bigint) × category × source. Windows are answered from
-- these tables, never by scanning the events. Coarser hexagons come from the stored cell with
-- heat_parent() (bit arithmetic on the H3 index), so one row serves every resolution.
-- Cases are rolled up by triggers (every insert path, the overdue scheduler, transfers); positions by
-- the micro-batch writer in the same transaction as the history rows (H3 needs h3-js). Both are
-- rebuilt from the raw tables by `npm run heat -- rebuild`.

-- The H3 cell (resolution 10) of the case's point, computed by the server when it writes the case.
ALTER TABLE cases ADD COLUMN h3 bigint;

-- Local days of the rollups: the installation's UTC offset (the default workflow calendar's).
CREATE TABLE heat_config (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  utc_offset_minutes integer NOT NULL DEFAULT 480 CHECK (utc_offset_minutes BETWEEN -720 AND 840)
);
INSERT INTO heat_config DEFAULT VALUES;

-- The parent of an H3 cell at resolution r (r ≤ the cell's): the resolution field (bits 52–55) set
-- to r and the digits of resolutions r+1..15 (3 bits each, from bit 44 down) set to 7 (unused).
CREATE FUNCTION heat_parent(h bigint, r integer) RETURNS bigint LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT (h & ~(15::bigint << 52)) | (r::bigint << 52) | ((1::bigint << (3 * (15 - r))) - 1)
$$;
-- Whole hours from the epoch (independent of the session's TimeZone).
CREATE FUNCTION heat_hour(t timestamptz) RETURNS timestamptz LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT to_timestamp(floor(extract(epoch FROM t) / 3600) * 3600)
$$;
CREATE FUNCTION heat_day(t timestamptz) RETURNS date LANGUAGE sql STABLE AS $$
  SELECT ((t AT TIME ZONE 'UTC') + make_interval(mins => (SELECT utc_offset_minutes FROM heat_config)))::date
$$;

CREATE TABLE heat_case_hours (
  hour timestamptz NOT NULL,
  grid_code text COLLATE "C" NOT NULL,
  h3 bigint NOT NULL,
  major text NOT NULL,
  source text NOT NULL,
  n integer NOT NULL,
  red integer NOT NULL DEFAULT 0,
  PRIMARY KEY (hour, grid_code, h3, major, source)
);
CREATE TABLE heat_case_days (
  day date NOT NULL,
  grid_code text COLLATE "C" NOT NULL,
  h3 bigint NOT NULL,
  major text NOT NULL,
  source text NOT NULL,
  n integer NOT NULL,
  red integer NOT NULL DEFAULT 0,
  PRIMARY KEY (day, grid_code, h3, major, source)
);
-- Presence: fixes received per worker's grid cell and H3 cell (a fix every 10–60 s while walking).
CREATE TABLE heat_presence_hours (
  hour timestamptz NOT NULL,
  grid_code text COLLATE "C" NOT NULL,
  h3 bigint NOT NULL,
  fixes integer NOT NULL,
  PRIMARY KEY (hour, grid_code, h3)
);
CREATE TABLE heat_presence_days (
  day date NOT NULL,
  grid_code text COLLATE "C" NOT NULL,
  h3 bigint NOT NULL,
  fixes integer NOT NULL,
  PRIMARY KEY (day, grid_code, h3)
);

-- Adds (sign 1) or removes (sign -1) cases to the rollups: rows (created_at, grid_code, h3, major,
-- source, red 0|1). Grouped and in key order, so concurrent writers lock rows in the same order.
CREATE FUNCTION heat_cases_add(sign integer, rows_json jsonb) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  WITH r AS (
    SELECT (e->>'t')::timestamptz AS t, e->>'g' AS g, (e->>'h')::bigint AS h, e->>'m' AS m, e->>'s' AS s,
           (e->>'r')::int AS red
    FROM jsonb_array_elements(rows_json) e
  )
  INSERT INTO heat_case_hours AS x (hour, grid_code, h3, major, source, n, red)
  SELECT heat_hour(t), g, h, m, s, sign * count(*), sign * sum(red) FROM r GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT (hour, grid_code, h3, major, source) DO UPDATE SET n = x.n + excluded.n, red = x.red + excluded.red;
  WITH r AS (
    SELECT (e->>'t')::timestamptz AS t, e->>'g' AS g, (e->>'h')::bigint AS h, e->>'m' AS m, e->>'s' AS s,
           (e->>'r')::int AS red
    FROM jsonb_array_elements(rows_json) e
  )
  INSERT INTO heat_case_days AS x (day, grid_code, h3, major, source, n, red)
  SELECT heat_day(t), g, h, m, s, sign * count(*), sign * sum(red) FROM r GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT (day, grid_code, h3, major, source) DO UPDATE SET n = x.n + excluded.n, red = x.red + excluded.red;
END
$$;

-- New cases (any insert path: a report, the demo history, an import): one call per statement.
CREATE FUNCTION heat_cases_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO heat_case_hours AS x (hour, grid_code, h3, major, source, n)
  SELECT heat_hour(created_at), grid_code, h3, major, source, count(*) FROM new_cases WHERE h3 IS NOT NULL
  GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT (hour, grid_code, h3, major, source) DO UPDATE SET n = x.n + excluded.n;
  INSERT INTO heat_case_days AS x (day, grid_code, h3, major, source, n)
  SELECT heat_day(created_at), grid_code, h3, major, source, count(*) FROM new_cases WHERE h3 IS NOT NULL
  GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
  ON CONFLICT (day, grid_code, h3, major, source) DO UPDATE SET n = x.n + excluded.n;
  RETURN NULL;
END
$$;
CREATE TRIGGER heat_cases_insert AFTER INSERT ON cases REFERENCING NEW TABLE AS new_cases
  FOR EACH STATEMENT EXECUTE FUNCTION heat_cases_inserted();

-- A case's first overdue (red) step counts it as red in the hour and day it was reported.
CREATE FUNCTION heat_cases_overdue() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  WITH firsts AS (
    SELECT DISTINCT h.case_id FROM new_history h
    WHERE h.action = 'overdue'
      AND NOT EXISTS (SELECT 1 FROM case_history o WHERE o.case_id = h.case_id AND o.action = 'overdue' AND o.id < h.id)
  ), r AS (
    SELECT c.created_at AS t, c.grid_code AS g, c.h3 AS h, c.major AS m, c.source AS s
    FROM firsts f JOIN cases c ON c.id = f.case_id WHERE c.h3 IS NOT NULL
  ), hours AS (
    UPDATE heat_case_hours x SET red = x.red + r.k
    FROM (SELECT heat_hour(t) AS hour, g, h, m, s, count(*)::int AS k FROM r GROUP BY 1, 2, 3, 4, 5) r
    WHERE x.hour = r.hour AND x.grid_code = r.g AND x.h3 = r.h AND x.major = r.m AND x.source = r.s
  )
  UPDATE heat_case_days x SET red = x.red + r.k
  FROM (SELECT heat_day(t) AS day, g, h, m, s, count(*)::int AS k FROM r GROUP BY 1, 2, 3, 4, 5) r
  WHERE x.day = r.day AND x.grid_code = r.g AND x.h3 = r.h AND x.major = r.m AND x.source = r.s;
  RETURN NULL;
END
$$;
CREATE TRIGGER heat_cases_history AFTER INSERT ON case_history REFERENCING NEW TABLE AS new_history
  FOR EACH STATEMENT EXECUTE FUNCTION heat_cases_overdue();

-- A transfer moves the case (and its red mark) to the new grid cell's rows; a category change moves it too.
CREATE FUNCTION heat_cases_moved() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  red integer := (SELECT count(*)::int FROM case_history WHERE case_id = NEW.id AND action = 'overdue' LIMIT 1);
BEGIN
  red := least(red, 1);
  PERFORM heat_cases_add(-1, jsonb_build_array(jsonb_build_object(
    't', OLD.created_at, 'g', OLD.grid_code, 'h', OLD.h3, 'm', OLD.major, 's', OLD.source, 'r', red)));
  IF NEW.h3 IS NOT NULL THEN
    PERFORM heat_cases_add(1, jsonb_build_array(jsonb_build_object(
      't', NEW.created_at, 'g', NEW.grid_code, 'h', NEW.h3, 'm', NEW.major, 's', NEW.source, 'r', red)));
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER heat_cases_update AFTER UPDATE OF grid_code, h3, major, source ON cases FOR EACH ROW
  -- (a cell filled in for an old case, NULL → value, is the rebuild's: it recounts everything after)
  WHEN (OLD.h3 IS NOT NULL AND (OLD.grid_code IS DISTINCT FROM NEW.grid_code OR OLD.h3 IS DISTINCT FROM NEW.h3
        OR OLD.major IS DISTINCT FROM NEW.major OR OLD.source IS DISTINCT FROM NEW.source))
  EXECUTE FUNCTION heat_cases_moved();

