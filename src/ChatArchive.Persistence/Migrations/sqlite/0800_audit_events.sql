-- 0800: the audit trail (CIO Rijk-rapportage 2024; Kamervragen 2024Z13765). Append-only and hash-chained: each
-- row's hash covers its fields and the previous row's hash (AuditChain.Canonical). seq 1..n without gaps.
-- Never message text, names or phone numbers: who is a user id, the object an id. at: ms since 1970 UTC.
CREATE TABLE audit_events (
    seq            INTEGER PRIMARY KEY,
    at             INTEGER NOT NULL,
    actor          TEXT NOT NULL,
    role           TEXT NOT NULL,
    department     TEXT NULL,
    action         TEXT NOT NULL,
    object_type    TEXT NOT NULL,
    object_id      TEXT NOT NULL,
    outcome        TEXT NOT NULL,
    previous_hash  TEXT NOT NULL,
    hash           TEXT NOT NULL
);
CREATE INDEX ix_audit_events_at ON audit_events (at);
CREATE INDEX ix_audit_events_action_at ON audit_events (action, at);
CREATE INDEX ix_audit_events_actor_at ON audit_events (actor, at);

-- Append-only for the application; whoever drops these triggers is caught by the chain and the anchors.
CREATE TRIGGER tr_audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit_events is append-only');
END;
CREATE TRIGGER tr_audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit_events is append-only');
END;
