-- 0820: how far each node's local audit journal has been chained into audit_events. A request's audit event is first
-- appended to a fsynced journal file on the node (quick, and durable before the answer goes out); a background writer
-- chains journal entries into audit_events in batches and moves the mark in the same transaction, so replaying a
-- journal after a crash never chains an entry twice. A row disappears when its journal file is deleted.
CREATE TABLE audit_journal_marks (
    journal   TEXT PRIMARY KEY,
    position  INTEGER NOT NULL
);
