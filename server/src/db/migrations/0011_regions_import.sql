-- A customer's own regions (import -- regions): the code they use when it is not a GB/T 2260-style
-- one (we then generate one, so jurisdictions stay code prefixes), for re-imports to update in place.
ALTER TABLE regions ADD COLUMN source_code text;
ALTER TABLE regions ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
CREATE UNIQUE INDEX regions_source_code_idx ON regions (level, source_code) WHERE source_code IS NOT NULL;
-- Changing regions changes which buildings a tileset of a jurisdiction holds: tell the tiles log.
CREATE TRIGGER regions_tiles3d AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON regions
  FOR EACH STATEMENT EXECUTE FUNCTION tiles3d_note_change();
