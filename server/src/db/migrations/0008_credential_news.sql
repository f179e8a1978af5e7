-- News of changed credentials, pushed to every server process (issue #7: 20,000 phones).
-- A server caches a resolved login so that a request costs no look-up. Revocations made through
-- the API reach the caches of the process that made them at once; these triggers tell every
-- process about the rest (the users CLI, direct SQL, another server) with NOTIFY, delivered at
-- commit. Servers LISTEN on gc_credentials; the payload is '<news>:<credential>', news being
-- 'revoked' (revoked_at set, a user disabled, a row deleted: sockets close at once) or 'changed'
-- (anything else that matters: resolve again), the credential named as the cache names it:
--   'session:<sha256>', 'token:<sha256>', 'display:<id>', 'user:<id>' (all of a user's), '*' (all).
-- Only changes that matter to a login notify: a session's last_seen_at or a token's last_used_at
-- (touched on use) does not.

CREATE FUNCTION gc_credential_news() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  credential text := '*';
  news text := 'changed';
BEGIN
  IF TG_LEVEL = 'ROW' THEN
    -- One branch per table: PL/pgSQL resolves a record's fields only in the branch that runs.
    IF TG_TABLE_NAME = 'users' THEN
      credential := 'user:' || OLD.id;
      IF TG_OP = 'DELETE' OR (NEW.disabled AND NOT OLD.disabled) THEN news := 'revoked'; END IF;
    ELSIF TG_TABLE_NAME = 'sessions' THEN
      credential := 'session:' || OLD.id_hash;
      IF TG_OP = 'DELETE' OR (NEW.revoked_at IS NOT NULL AND OLD.revoked_at IS NULL) THEN news := 'revoked'; END IF;
    ELSIF TG_TABLE_NAME = 'api_tokens' THEN
      credential := 'token:' || OLD.token_hash;
      IF TG_OP = 'DELETE' OR (NEW.revoked_at IS NOT NULL AND OLD.revoked_at IS NULL) THEN news := 'revoked'; END IF;
    ELSIF TG_TABLE_NAME = 'displays' THEN
      credential := 'display:' || OLD.id;
      IF TG_OP = 'DELETE' OR (NEW.revoked_at IS NOT NULL AND OLD.revoked_at IS NULL) THEN news := 'revoked'; END IF;
    END IF;
  END IF;
  PERFORM pg_notify('gc_credentials', news || ':' || credential);
  RETURN NULL;
END $$;

CREATE TRIGGER users_credential_news AFTER UPDATE ON users FOR EACH ROW
  WHEN (OLD.role IS DISTINCT FROM NEW.role OR OLD.jurisdiction IS DISTINCT FROM NEW.jurisdiction
        OR OLD.password_hash IS DISTINCT FROM NEW.password_hash OR OLD.disabled IS DISTINCT FROM NEW.disabled)
  EXECUTE FUNCTION gc_credential_news();
CREATE TRIGGER users_credential_gone AFTER DELETE ON users FOR EACH ROW
  EXECUTE FUNCTION gc_credential_news();

CREATE TRIGGER sessions_credential_news AFTER UPDATE ON sessions FOR EACH ROW
  WHEN (OLD.revoked_at IS DISTINCT FROM NEW.revoked_at OR OLD.expires_at IS DISTINCT FROM NEW.expires_at)
  EXECUTE FUNCTION gc_credential_news();
CREATE TRIGGER sessions_credential_gone AFTER DELETE ON sessions FOR EACH ROW
  EXECUTE FUNCTION gc_credential_news();

CREATE TRIGGER api_tokens_credential_news AFTER UPDATE ON api_tokens FOR EACH ROW
  WHEN (OLD.revoked_at IS DISTINCT FROM NEW.revoked_at OR OLD.expires_at IS DISTINCT FROM NEW.expires_at
        OR OLD.user_id IS DISTINCT FROM NEW.user_id)
  EXECUTE FUNCTION gc_credential_news();
CREATE TRIGGER api_tokens_credential_gone AFTER DELETE ON api_tokens FOR EACH ROW
  EXECUTE FUNCTION gc_credential_news();

CREATE TRIGGER displays_credential_news AFTER UPDATE ON displays FOR EACH ROW
  WHEN (OLD.revoked_at IS DISTINCT FROM NEW.revoked_at OR OLD.jurisdiction IS DISTINCT FROM NEW.jurisdiction
        OR OLD.public_safe IS DISTINCT FROM NEW.public_safe)
  EXECUTE FUNCTION gc_credential_news();
CREATE TRIGGER displays_credential_gone AFTER DELETE ON displays FOR EACH ROW
  EXECUTE FUNCTION gc_credential_news();

-- A role's permissions changed: every cached login of every role is dropped (rare, administrative).
CREATE TRIGGER role_permissions_credential_news AFTER INSERT OR UPDATE OR DELETE ON role_permissions
  FOR EACH STATEMENT EXECUTE FUNCTION gc_credential_news();
