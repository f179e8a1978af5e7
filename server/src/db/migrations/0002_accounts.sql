-- Accounts, roles, sessions, tokens, wall displays and the append-only audit log.
-- Permissions are data: a role grants what role_permissions lists, nothing is hard-coded in `if`s.

CREATE TABLE roles (
  name text PRIMARY KEY CHECK (name ~ '^[a-z_]{2,32}$'),
  description text NOT NULL
);

CREATE TABLE role_permissions (
  role text NOT NULL REFERENCES roles (name) ON DELETE CASCADE,
  permission text NOT NULL CHECK (permission IN (
    'regions.read', 'buildings.read', 'people.read', 'people.search', 'people.unmask',
    'people.key_population', 'audit.read', 'users.manage', 'displays.manage')),
  PRIMARY KEY (role, permission)
);

INSERT INTO roles (name, description) VALUES
  ('leader', 'leader on the wall screens: regions, buildings, counts and masked resident lists; no search'),
  ('operator', 'dispatcher at the command center: masked lists, search, unmask one record with a reason'),
  ('analyst', 'analyst: regions, buildings, masked lists and search for statistics; no unmask'),
  ('grid_worker', 'grid worker: own cell, search, unmask with a reason, key-population tags for home visits'),
  ('handler', 'department handler: regions, buildings, masked lists and search'),
  ('admin', 'administrator: users, displays, audit log; masked lists and search; no unmask, no key populations');

INSERT INTO role_permissions (role, permission) VALUES
  ('leader', 'regions.read'), ('leader', 'buildings.read'), ('leader', 'people.read'),
  ('operator', 'regions.read'), ('operator', 'buildings.read'), ('operator', 'people.read'),
  ('operator', 'people.search'), ('operator', 'people.unmask'),
  ('analyst', 'regions.read'), ('analyst', 'buildings.read'), ('analyst', 'people.read'),
  ('analyst', 'people.search'),
  ('grid_worker', 'regions.read'), ('grid_worker', 'buildings.read'), ('grid_worker', 'people.read'),
  ('grid_worker', 'people.search'), ('grid_worker', 'people.unmask'), ('grid_worker', 'people.key_population'),
  ('handler', 'regions.read'), ('handler', 'buildings.read'), ('handler', 'people.read'),
  ('handler', 'people.search'),
  ('admin', 'regions.read'), ('admin', 'buildings.read'), ('admin', 'people.read'), ('admin', 'people.search'),
  ('admin', 'audit.read'), ('admin', 'users.manage'), ('admin', 'displays.manage');

-- jurisdiction: a region code prefix ('' = the whole installation), as in server/src/db/jurisdiction.ts.
CREATE TABLE users (
  id bigserial PRIMARY KEY,
  username text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9][a-z0-9_.-]{1,31}$'),
  display_name text NOT NULL DEFAULT '',
  role text NOT NULL REFERENCES roles (name),
  jurisdiction text COLLATE "C" NOT NULL CHECK (jurisdiction ~ '^([0-9]{6}([0-9]{3}){0,3})?$'),
  password_hash text NOT NULL,
  disabled boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  password_changed_at timestamptz NOT NULL DEFAULT now()
);

-- Browser sessions: the cookie carries a random id; only its sha256 is stored.
CREATE TABLE sessions (
  id_hash text PRIMARY KEY CHECK (id_hash ~ '^[0-9a-f]{64}$'),
  user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz,
  ip text,
  user_agent text
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

-- Bearer tokens for devices and other platforms, owned by a user (same role and jurisdiction).
CREATE TABLE api_tokens (
  id bigserial PRIMARY KEY,
  token_hash text NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
  user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz,
  last_used_at timestamptz
);
CREATE INDEX api_tokens_user_idx ON api_tokens (user_id);

-- Unattended wall screens: a token bound to the leader role and a jurisdiction; public_safe
-- displays get no personal data at all.
CREATE TABLE displays (
  id bigserial PRIMARY KEY,
  token_hash text NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
  jurisdiction text COLLATE "C" NOT NULL CHECK (jurisdiction ~ '^([0-9]{6}([0-9]{3}){0,3})?$'),
  public_safe boolean NOT NULL DEFAULT true,
  created_by bigint REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz,
  last_used_at timestamptz
);

-- Failed logins, counted per username and per IP for the lockout; pruned, not an audit record.
CREATE TABLE login_failures (
  id bigserial PRIMARY KEY,
  username text NOT NULL,
  ip text NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failures_username_idx ON login_failures (username, at);
CREATE INDEX login_failures_ip_idx ON login_failures (ip, at);

-- Append-only: who (user or display, with role and jurisdiction at the time), when, what, from where.
-- No foreign keys, so nothing done to users or displays can ever cascade into this table.
CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT clock_timestamp(),
  user_id bigint,
  username text,
  display_id bigint,
  role text,
  jurisdiction text COLLATE "C",
  action text NOT NULL,
  target text,
  params jsonb NOT NULL DEFAULT '{}',
  outcome text NOT NULL DEFAULT 'ok' CHECK (outcome IN ('ok', 'failed', 'denied')),
  ip text,
  user_agent text
);
CREATE INDEX audit_log_at_idx ON audit_log (at);
CREATE INDEX audit_log_action_idx ON audit_log (action, at);
CREATE INDEX audit_log_user_idx ON audit_log (username, at);

-- REVOKE alone does not bind the table owner (the server's own role, and PGlite's only role),
-- so a trigger refuses every UPDATE, DELETE and TRUNCATE whoever runs it.
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM PUBLIC;
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
