-- 0800: the audit trail (CIO Rijk-rapportage 2024; Kamervragen 2024Z13765: "nobody can tell whether messages were
-- deleted"). Append-only and hash-chained: each row's hash covers its fields and the previous row's hash
-- (AuditChain.Canonical). seq is assigned by the writer under an advisory lock, 1..n without gaps.
-- Never message text, names or phone numbers: who is a user id, the object an id.
CREATE TABLE audit_events (
    seq            BIGINT PRIMARY KEY,
    at             TIMESTAMPTZ NOT NULL,
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

-- Append-only for the application: an UPDATE, DELETE or TRUNCATE fails. An administrator can still drop the
-- trigger; that is why rows are chained and the head is anchored outside the database.
CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only';
END
$$;
CREATE TRIGGER tr_audit_events_no_change BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
CREATE TRIGGER tr_audit_events_no_truncate BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
