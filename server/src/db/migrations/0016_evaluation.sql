-- Evaluation (考核, issue 17): indicators and card rules are data an administrator changes; the
-- figures are computed from the cases and their history by one SQL definition
-- (server/src/evaluation/evaluation.sql.ts); cards are issued by the database as the history is
-- written, whoever writes it.

-- The per-case facts an indicator counts (numerator and denominator name one each):
--   reported          every case reported in the period
--   worker_reported   reported by a grid worker (source grid_worker)
--   public_reported   reported by the public (hotline, public)
--   missed            reported by anyone but the grid worker (the cell's own worker missed it)
--   registered        registered (立案)
--   worker_registered reported by a grid worker and registered (有效上报)
--   registered_on_time registered, and the report stage never ran over (按时核实)
--   dispatched        dispatched to a department
--   handled           handled: feedback given (处置)
--   handled_on_time   handled, and neither dispatch nor handling stage ran over
--   reworked          sent back by a verification rejection at least once (返工)
--   extended          an extension granted (延期)
--   verified          verified on site (pass or reject, 核查)
--   verified_on_time  verified, and the feedback stage never ran over
--   closed            closed (结案)
--   closed_on_time    closed, and no stage ever ran over
--   overdue_open      still open and past a stage limit now (超期未处置): a count, no denominator
CREATE TABLE eval_indicators (
  code text PRIMARY KEY CHECK (code ~ '^[a-z_]{2,40}$'),
  name_zh text NOT NULL,
  name_en text NOT NULL,
  numerator text NOT NULL,
  -- NULL: a count (scored 100 − per_unit × count, at least 0)
  denominator text,
  weight real NOT NULL CHECK (weight >= 0 AND weight <= 100),
  direction text NOT NULL CHECK (direction IN ('higher', 'lower')),
  per_unit real NOT NULL DEFAULT 10 CHECK (per_unit >= 0),
  -- which subjects it scores: regions (grid cells, communities, streets), departments, grid workers
  -- (the worker of a case's grid cell), dispatchers (who dispatched it), handlers (who took it)
  subjects text[] NOT NULL CHECK (subjects <@ ARRAY['region', 'department', 'worker', 'dispatcher', 'handler']::text[]),
  position integer NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by bigint
);

INSERT INTO eval_indicators (code, name_zh, name_en, numerator, denominator, weight, direction, per_unit, subjects, position) VALUES
  ('registration_rate', '立案率', 'Registration rate', 'registered', 'reported', 10, 'higher', 10, '{region,worker}', 1),
  ('closing_rate', '结案率', 'Closing rate', 'closed', 'registered', 15, 'higher', 10, '{region,department,dispatcher}', 2),
  ('closing_on_time_rate', '按期结案率', 'Closed on time', 'closed_on_time', 'registered', 15, 'higher', 10, '{region,department,dispatcher}', 3),
  ('handling_rate', '处置率', 'Handling rate', 'handled', 'dispatched', 10, 'higher', 10, '{region,department,handler}', 4),
  ('handling_on_time_rate', '按期处置率', 'Handled on time', 'handled_on_time', 'dispatched', 15, 'higher', 10, '{region,department,handler}', 5),
  ('rework_rate', '返工率', 'Rework rate', 'reworked', 'handled', 10, 'lower', 10, '{region,department,handler}', 6),
  ('extension_rate', '延期率', 'Extension rate', 'extended', 'dispatched', 5, 'lower', 10, '{region,department,handler}', 7),
  ('overdue_open', '超期未处置数', 'Overdue, still open', 'overdue_open', NULL, 5, 'lower', 10, '{region,department,handler}', 8),
  ('missed_rate', '漏报率', 'Missed reports', 'missed', 'reported', 5, 'lower', 10, '{region,worker}', 9),
  ('public_report_rate', '监督举报率', 'Public reports', 'public_reported', 'reported', 5, 'lower', 10, '{region,worker}', 10),
  ('valid_report_rate', '有效上报率', 'Valid reports', 'worker_registered', 'worker_reported', 5, 'higher', 10, '{worker}', 11),
  ('checked_on_time_rate', '按时核实率', 'Registered on time', 'registered_on_time', 'registered', 5, 'higher', 10, '{region,worker,dispatcher}', 12),
  ('verified_on_time_rate', '按时核查率', 'Verified on time', 'verified_on_time', 'verified', 5, 'higher', 10, '{region,worker}', 13);

-- Per case, what the evaluation reads, kept by the database as the case and its history are written:
-- the columns of the case a ranking groups and filters by, and what its history says as bits. A
-- ranking scans these narrow rows of the period (a quarter of the scale-10 demo: 34,000 cases with
-- 280,000 history entries) instead of the cases and their history. Bits: 1 registered,
-- 2 dispatched, 4 handled (feedback), 8 reworked (a verification rejection), 16 extended (an
-- extension granted), 32 verified (pass or reject), 64 closed, 128 late (a stage ran over before
-- closing, or re-registered after the last rejection allowed), 256 the report stage ran over,
-- 512 dispatch or handling ran over (or re-registered), 1024 the feedback stage ran over.
CREATE TABLE eval_case_facts (
  case_id bigint PRIMARY KEY REFERENCES cases (id),
  created_at timestamptz NOT NULL,
  grid_code text COLLATE "C" NOT NULL,
  department text,
  source text NOT NULL,
  -- open and past its stage limit now (超期未处置)
  overdue_open boolean NOT NULL,
  bits integer NOT NULL,
  -- the accounts that last dispatched it and that took it (accept, feedback), for the posts' scores
  dispatcher_id bigint,
  handler_id bigint
);
CREATE INDEX eval_case_facts_created_idx ON eval_case_facts (created_at);

CREATE FUNCTION eval_history_bits(action text, from_state text, data jsonb) RETURNS integer
LANGUAGE sql IMMUTABLE AS $$
  SELECT (CASE WHEN action = 'register' THEN 1 ELSE 0 END)
       | (CASE WHEN action = 'dispatch' THEN 2 ELSE 0 END)
       | (CASE WHEN action = 'feedback' THEN 4 ELSE 0 END)
       | (CASE WHEN action = 'verify_reject' THEN 8 ELSE 0 END)
       | (CASE WHEN action = 'approve_request' AND data->>'kind' = 'extension' THEN 16 ELSE 0 END)
       | (CASE WHEN action IN ('verify_pass', 'verify_reject') THEN 32 ELSE 0 END)
       | (CASE WHEN action = 'close' THEN 64 ELSE 0 END)
       | (CASE WHEN (action = 'overdue' AND from_state IS DISTINCT FROM 'closed') OR action = 'reregister' THEN 128 ELSE 0 END)
       | (CASE WHEN action = 'overdue' AND from_state = 'reported' THEN 256 ELSE 0 END)
       | (CASE WHEN (action = 'overdue' AND from_state IN ('dispatched', 'handling')) OR action = 'reregister' THEN 512 ELSE 0 END)
       | (CASE WHEN action = 'overdue' AND from_state = 'feedback' THEN 1024 ELSE 0 END)
$$;

INSERT INTO eval_case_facts (case_id, created_at, grid_code, department, source, overdue_open, bits, dispatcher_id, handler_id)
SELECT c.id, c.created_at, c.grid_code, c.department, c.source, NOT c.terminal AND c.overdue_at IS NOT NULL, h.bits,
       h.dispatcher_id, h.handler_id
FROM cases c JOIN (SELECT case_id, bit_or(eval_history_bits(action, from_state, data)) AS bits,
                   (array_agg(actor_id ORDER BY id DESC) FILTER (WHERE action = 'dispatch' AND actor_kind = 'user'))[1] AS dispatcher_id,
                   (array_agg(actor_id ORDER BY id DESC) FILTER (WHERE action IN ('accept', 'feedback') AND actor_kind = 'user'))[1] AS handler_id
                   FROM case_history GROUP BY case_id) h ON h.case_id = c.id;

-- New history: its bits added, the case's columns read again (an action updates the case and
-- writes its history in one transaction, the history after the update).
CREATE FUNCTION eval_facts_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO eval_case_facts (case_id, created_at, grid_code, department, source, overdue_open, bits, dispatcher_id, handler_id)
  SELECT c.id, c.created_at, c.grid_code, c.department, c.source, NOT c.terminal AND c.overdue_at IS NOT NULL, h.bits,
         h.dispatcher_id, h.handler_id
  FROM (SELECT case_id, bit_or(eval_history_bits(action, from_state, data)) AS bits,
                   (array_agg(actor_id ORDER BY id DESC) FILTER (WHERE action = 'dispatch' AND actor_kind = 'user'))[1] AS dispatcher_id,
                   (array_agg(actor_id ORDER BY id DESC) FILTER (WHERE action IN ('accept', 'feedback') AND actor_kind = 'user'))[1] AS handler_id
        FROM new_history GROUP BY case_id) h
  JOIN cases c ON c.id = h.case_id
  ORDER BY c.id
  ON CONFLICT (case_id) DO UPDATE SET bits = eval_case_facts.bits | EXCLUDED.bits,
    grid_code = EXCLUDED.grid_code, department = EXCLUDED.department, overdue_open = EXCLUDED.overdue_open,
    dispatcher_id = coalesce(EXCLUDED.dispatcher_id, eval_case_facts.dispatcher_id),
    handler_id = coalesce(EXCLUDED.handler_id, eval_case_facts.handler_id);
  RETURN NULL;
END
$$;
CREATE TRIGGER eval_facts_history AFTER INSERT ON case_history REFERENCING NEW TABLE AS new_history
  FOR EACH STATEMENT EXECUTE FUNCTION eval_facts_add();

-- A case changed without a history entry in the same statement (the scheduler marks overdue_at,
-- a transfer moves the grid cell): its columns follow.
CREATE FUNCTION eval_facts_case() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE eval_case_facts x SET grid_code = n.grid_code, department = n.department,
    overdue_open = NOT n.terminal AND n.overdue_at IS NOT NULL
  FROM new_cases n
  WHERE x.case_id = n.id AND (x.grid_code IS DISTINCT FROM n.grid_code OR x.department IS DISTINCT FROM n.department
    OR x.overdue_open IS DISTINCT FROM (NOT n.terminal AND n.overdue_at IS NOT NULL));
  RETURN NULL;
END
$$;
CREATE TRIGGER eval_facts_cases AFTER UPDATE ON cases REFERENCING NEW TABLE AS new_cases
  FOR EACH STATEMENT EXECUTE FUNCTION eval_facts_case();

-- Red and yellow cards (红黄牌): rules as data. kind stage_overdue: a stage of a case ran past its
-- limit for the threshold-th time; rejections: the threshold-th verification rejection;
-- score_below: a month's score under the threshold, for the rankings named in applies_to (street,
-- community, grid, department), issued when the month has ended (the most severe rule that applies).
CREATE TABLE eval_card_rules (
  code text PRIMARY KEY CHECK (code ~ '^[a-z0-9_]{2,40}$'),
  color text NOT NULL CHECK (color IN ('yellow', 'red')),
  kind text NOT NULL CHECK (kind IN ('stage_overdue', 'rejections', 'score_below')),
  threshold integer NOT NULL CHECK (threshold >= 1),
  name_zh text NOT NULL,
  name_en text NOT NULL,
  applies_to text[] NOT NULL DEFAULT '{}' CHECK (applies_to <@ ARRAY['street', 'community', 'grid', 'department']::text[]),
  enabled boolean NOT NULL DEFAULT true
);
INSERT INTO eval_card_rules (code, color, kind, threshold, name_zh, name_en, applies_to) VALUES
  ('first_overdue', 'yellow', 'stage_overdue', 1, '环节超时', 'A stage ran over its limit', '{}'),
  ('second_overdue', 'red', 'stage_overdue', 2, '再次超时', 'A second stage ran over', '{}'),
  ('third_rejection', 'red', 'rejections', 3, '第三次核查不通过', 'Third rejection on verification', '{}'),
  ('month_below_60', 'red', 'score_below', 60, '月度考核低于60分', 'Monthly score below 60', '{street,department}'),
  ('month_below_75', 'yellow', 'score_below', 75, '月度考核低于75分', 'Monthly score below 75', '{street,department}');

-- A card names the case (or the month) and the rule that caused it and whom it holds to account:
-- the department handling the case, else the case's grid cell; for a score card the region or the
-- department ranked (grid_code: the region, or the district the department was ranked in). Never
-- deleted: revoked with a reason.
CREATE TABLE eval_cards (
  id bigserial PRIMARY KEY,
  color text NOT NULL CHECK (color IN ('yellow', 'red')),
  rule_code text NOT NULL REFERENCES eval_card_rules (code),
  -- the case that caused it, or (a score card) the month it scores
  case_id bigint REFERENCES cases (id),
  period text CHECK (period IS NULL OR period ~ '^[0-9]{4}-[0-9]{2}$'),
  CHECK ((case_id IS NULL) <> (period IS NULL)),
  subject_kind text NOT NULL CHECK (subject_kind IN ('region', 'department')),
  subject text NOT NULL,
  grid_code text COLLATE "C" NOT NULL,
  stage text,
  issued_at timestamptz NOT NULL,
  supervised_at timestamptz,
  supervised_by text,
  revoked_at timestamptz,
  revoked_by text,
  revoke_reason text CHECK (revoke_reason IS NULL OR length(revoke_reason) BETWEEN 2 AND 500),
  UNIQUE (rule_code, case_id),
  UNIQUE (rule_code, subject_kind, subject, period)
);
-- Months whose score cards were issued (once, whichever server gets there first).
CREATE TABLE eval_closed_months (
  period text PRIMARY KEY CHECK (period ~ '^[0-9]{4}-[0-9]{2}$'),
  closed_at timestamptz NOT NULL,
  cards integer NOT NULL
);
CREATE INDEX eval_cards_grid_idx ON eval_cards (grid_code, issued_at DESC);
CREATE INDEX eval_cards_issued_idx ON eval_cards (issued_at DESC);

-- Issued as the history is written (the scheduler's overdue steps, a rejection), in the same
-- statement: the n-th 'overdue' (or 'verify_reject') entry of a case meets a rule of threshold n.
-- Each new card is announced on channel gc_cards (its id) when the statement's transaction commits:
-- the servers push it to the screens of its region (card:issued).
CREATE FUNCTION eval_cards_issue() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ids bigint[];
BEGIN
  WITH issued AS (
    INSERT INTO eval_cards (color, rule_code, case_id, subject_kind, subject, grid_code, stage, issued_at)
    SELECT r.color, r.code, c.id,
           CASE WHEN c.department IS NOT NULL THEN 'department' ELSE 'region' END,
           coalesce(c.department, c.grid_code), c.grid_code, h.from_state, h.at
    FROM new_history h
    JOIN cases c ON c.id = h.case_id
    JOIN eval_card_rules r ON r.enabled
      AND ((r.kind = 'stage_overdue' AND h.action = 'overdue') OR (r.kind = 'rejections' AND h.action = 'verify_reject'))
    WHERE (SELECT count(*) FROM case_history o WHERE o.case_id = h.case_id AND o.action = h.action AND o.id <= h.id) = r.threshold
    ON CONFLICT (rule_code, case_id) DO NOTHING
    RETURNING id)
  SELECT array_agg(id ORDER BY id DESC) INTO ids FROM issued;
  -- a bulk load (the demo's year) issues thousands at once: a notice of the newest few is enough
  PERFORM pg_notify('gc_cards', x::text) FROM unnest(ids[1:20]) AS x;
  RETURN NULL;
END
$$;
CREATE TRIGGER eval_cards_history AFTER INSERT ON case_history REFERENCING NEW TABLE AS new_history
  FOR EACH STATEMENT EXECUTE FUNCTION eval_cards_issue();

-- Administrators change indicators and card rules; everyone who reads cases reads the evaluation.
INSERT INTO permissions (name, description) VALUES
  ('evaluation.configure', 'change evaluation indicators and card rules; revoke cards');
INSERT INTO role_permissions (role, permission) VALUES ('admin', 'evaluation.configure');
