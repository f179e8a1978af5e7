-- Occupancy analytics (issue 16, 人口房屋分析): the figures come from houses and residents as they are
-- (server/src/occupancy/occupancy.sql.ts); the change over time needs the history below.

-- Residents moving in and out (入住 / 迁出): one row per stay of a resident in a house, moved_out NULL
-- while they still live there. The occupancy trend (GET /api/occupancy/trend) counts these.
-- A stay names its house, not a grid cell: its place is the house's building's grid today, so a
-- re-division or a moved building never leaves a copied code behind.
CREATE TABLE resident_moves (
  id bigserial PRIMARY KEY,
  -- no foreign key: a stay outlives the record (people who left still count in the months they lived here)
  resident_id bigint,
  house_id bigint NOT NULL REFERENCES houses (id) ON DELETE CASCADE,
  -- NULL: before the history began (the residents recorded before this table existed)
  moved_in date,
  moved_out date,
  CHECK (moved_out IS NULL OR moved_in IS NULL OR moved_out >= moved_in)
);
CREATE INDEX resident_moves_house_idx ON resident_moves (house_id);
-- at most one open stay per resident; also how the triggers find it
CREATE UNIQUE INDEX resident_moves_open_idx ON resident_moves (resident_id) WHERE moved_out IS NULL;

INSERT INTO resident_moves (resident_id, house_id, moved_in)
SELECT id, house_id, NULL FROM residents WHERE house_id IS NOT NULL;

-- Kept by the database, so every way a record arrives or moves (imports, the phone, tests, the
-- demo) writes its history. Statement triggers with transition tables: a bulk load of 90,000
-- residents is one anti-join, not 90,000 trigger calls. A loader that knows the history writes the
-- open stays first; the insert trigger then adds none for those residents.
CREATE FUNCTION resident_moves_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO resident_moves (resident_id, house_id, moved_in)
  SELECT n.id, n.house_id, current_date FROM new_residents n
  WHERE n.house_id IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM resident_moves m WHERE m.resident_id = n.id AND m.moved_out IS NULL);
  RETURN NULL;
END
$$;
CREATE TRIGGER residents_moves_insert AFTER INSERT ON residents
  REFERENCING NEW TABLE AS new_residents FOR EACH STATEMENT EXECUTE FUNCTION resident_moves_on_insert();

-- A new house: the old stay ends today and a new one begins (no house: the stay just ends).
CREATE FUNCTION resident_moves_on_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE resident_moves m SET moved_out = greatest(current_date, m.moved_in)
  FROM old_residents o JOIN new_residents n ON n.id = o.id
  WHERE n.house_id IS DISTINCT FROM o.house_id AND m.resident_id = o.id AND m.moved_out IS NULL;
  INSERT INTO resident_moves (resident_id, house_id, moved_in)
  SELECT n.id, n.house_id, current_date FROM old_residents o JOIN new_residents n ON n.id = o.id
  WHERE n.house_id IS DISTINCT FROM o.house_id AND n.house_id IS NOT NULL;
  RETURN NULL;
END
$$;
CREATE TRIGGER residents_moves_update AFTER UPDATE ON residents
  REFERENCING OLD TABLE AS old_residents NEW TABLE AS new_residents
  FOR EACH STATEMENT EXECUTE FUNCTION resident_moves_on_update();

-- A record removed: the person moved away today.
CREATE FUNCTION resident_moves_on_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE resident_moves m SET moved_out = greatest(current_date, m.moved_in)
  FROM old_residents o WHERE m.resident_id = o.id AND m.moved_out IS NULL;
  RETURN NULL;
END
$$;
CREATE TRIGGER residents_moves_delete AFTER DELETE ON residents
  REFERENCING OLD TABLE AS old_residents FOR EACH STATEMENT EXECUTE FUNCTION resident_moves_on_delete();
