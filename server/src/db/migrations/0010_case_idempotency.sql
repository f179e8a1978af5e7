-- A phone resends a report whose answer it never got (a lost connection, a restarted server, its
-- offline queue): with the same Idempotency-Key it gets the case it already made, not a second one.
ALTER TABLE cases ADD COLUMN idempotency_key text;
CREATE UNIQUE INDEX cases_idempotency_key_idx ON cases (reported_by, idempotency_key)
  WHERE idempotency_key IS NOT NULL;
