-- 0840: audit events written in the request's own transaction (a decision, a validation, a registry write ...): the row
-- commits or rolls back with the write it records, so the commit the request waits for anyway is the event's durability
-- point. Not chained yet: the chainer moves the committed rows into audit_events in id order and deletes them in the same
-- transaction, so a row is chained exactly once, also after a crash. at: ms since 1970 UTC.
CREATE TABLE audit_staged (
    id           INTEGER PRIMARY KEY,
    at           INTEGER NOT NULL,
    actor        TEXT NOT NULL,
    role         TEXT NOT NULL,
    department   TEXT NULL,
    action       TEXT NOT NULL,
    object_type  TEXT NOT NULL,
    object_id    TEXT NOT NULL,
    outcome      TEXT NOT NULL
);
