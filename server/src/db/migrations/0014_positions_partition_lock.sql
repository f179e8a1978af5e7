-- Two servers starting together on one database (a cluster, or a restart while the killed
-- process's statement still runs) both found a day's partition missing and both created it: the
-- second failed on pg_type's unique name. One at a time now: the second waits, then finds it made.
CREATE OR REPLACE FUNCTION positions_ensure_partitions(first date, last date) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  d date := first;
  made integer := 0;
  name text;
  lo timestamptz;
  hi timestamptz;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('positions_ensure_partitions'));
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
