-- What tells the 3D Tiles service that buildings, houses or residents changed (issue #2, #5).
-- Before, every tileset re-read the whole building index (footprint md5s and occupancy counts of
-- every building) every 30 s to find out: seconds of database work and a busy server on a quiet
-- district. Now each writing transaction leaves its id here (one row per transaction, from
-- statement-level triggers), and a check reads this small table:
--   watermark W = pg_snapshot_xmin(pg_current_snapshot()) at a check: every transaction below W
--   had ended then, so the build that follows the check read all of their commits; the next check
--   asks "did a transaction with id >= W commit since?" (one index probe).
-- Transactions still running at a check have ids >= W, so they are caught by a later check.
-- No counter row is locked: writers never wait on one another here.

-- This database's identity: a tileset stamped with another database's watermark is rebuilt.
-- pruned_below: the log no longer holds transactions below it, so a stamp older than that (a
-- server that was down while another pruned) counts as changed.
CREATE TABLE tiles3d_source (
  only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  db uuid NOT NULL DEFAULT gen_random_uuid(),
  pruned_below xid8 NOT NULL DEFAULT '0'
);
INSERT INTO tiles3d_source DEFAULT VALUES;

CREATE TABLE tiles3d_changes (
  xid xid8 PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now()
);

CREATE FUNCTION tiles3d_note_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO tiles3d_changes (xid) VALUES (pg_current_xact_id()) ON CONFLICT (xid) DO NOTHING;
  RETURN NULL;
END $$;

CREATE TRIGGER buildings_tiles3d AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON buildings
  FOR EACH STATEMENT EXECUTE FUNCTION tiles3d_note_change();
CREATE TRIGGER houses_tiles3d AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON houses
  FOR EACH STATEMENT EXECUTE FUNCTION tiles3d_note_change();
CREATE TRIGGER residents_tiles3d AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON residents
  FOR EACH STATEMENT EXECUTE FUNCTION tiles3d_note_change();
