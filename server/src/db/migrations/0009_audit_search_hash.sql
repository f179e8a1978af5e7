-- Searches are audited with the search string masked and its keyed hash (audit/auditKey.ts);
-- an auditor's GET /api/audit?q= matches the hash.
CREATE INDEX audit_log_search_hash_idx ON audit_log ((params->>'qHash')) WHERE params ? 'qHash';
