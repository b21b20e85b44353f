-- 0513: a bulk decision is stored as ONE record with its scope instead of one record per message (see the PostgreSQL
-- script for the design). SQLite cannot drop NOT NULL: the table is rebuilt under its new name with every row and id kept
-- (AUTOINCREMENT continues after the highest id), and the view ro_decisions expands the scoped records per message.
CREATE TABLE ro_decision_records (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    read_out_id         BIGINT NOT NULL REFERENCES ro_read_outs (id),
    message_id          BIGINT NULL REFERENCES ingest_messages (id),
    kind                TEXT NOT NULL,
    by_user             TEXT NOT NULL,
    by_role             TEXT NOT NULL,
    at                  INTEGER NOT NULL,
    label               TEXT NULL,
    note                TEXT NULL,
    conversation_id     BIGINT NULL REFERENCES ingest_conversations (id),
    CONSTRAINT ck_ro_decision_records_scope CHECK ((message_id IS NULL) <> (conversation_id IS NULL))
);
INSERT INTO ro_decision_records (id, read_out_id, message_id, kind, by_user, by_role, at, label, note, conversation_id)
SELECT id, read_out_id, message_id, kind, by_user, by_role, at, label, note, NULL FROM ro_decisions;
DROP TABLE ro_decisions;
CREATE INDEX ix_ro_decisions_message ON ro_decision_records (message_id, id);
CREATE INDEX ix_ro_decision_records_scope ON ro_decision_records (read_out_id, conversation_id, id) WHERE conversation_id IS NOT NULL;

CREATE TABLE ro_decision_exceptions (
    decision_id         BIGINT NOT NULL REFERENCES ro_decision_records (id),
    message_id          BIGINT NOT NULL REFERENCES ingest_messages (id),
    PRIMARY KEY (decision_id, message_id)
);

CREATE VIEW ro_decisions AS
SELECT d.id, d.read_out_id, d.message_id, d.kind, d.by_user, d.by_role, d.at, d.label, d.note
FROM ro_decision_records d WHERE d.message_id IS NOT NULL
UNION ALL
SELECT d.id, d.read_out_id, m.message_id, d.kind, d.by_user, d.by_role, d.at, d.label, d.note
FROM ro_decision_records d JOIN ro_messages m ON m.read_out_id = d.read_out_id AND m.conversation_id = d.conversation_id
WHERE d.conversation_id IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM ro_decision_exceptions e WHERE e.decision_id = d.id AND e.message_id = m.message_id);

ALTER TABLE ro_read_outs ADD COLUMN messages_count BIGINT NOT NULL DEFAULT 0;
ALTER TABLE ro_read_outs ADD COLUMN undecided_count BIGINT NOT NULL DEFAULT 0;
ALTER TABLE ro_read_outs ADD COLUMN marked_count BIGINT NOT NULL DEFAULT 0;
ALTER TABLE ro_read_outs ADD COLUMN awaiting_count BIGINT NOT NULL DEFAULT 0;
ALTER TABLE ro_read_outs ADD COLUMN disputed_count BIGINT NOT NULL DEFAULT 0;
UPDATE ro_read_outs SET
    messages_count = (SELECT COUNT(*) FROM ro_messages m WHERE m.read_out_id = ro_read_outs.id),
    undecided_count = (SELECT COUNT(*) FROM ro_messages m WHERE m.read_out_id = ro_read_outs.id AND m.status IN ('AwaitingReview', 'ReturnedToProfessional')),
    marked_count = (SELECT COUNT(*) FROM ro_messages m WHERE m.read_out_id = ro_read_outs.id AND m.label IS NOT NULL AND m.label <> 'Business'),
    awaiting_count = (SELECT COUNT(*) FROM ro_messages m WHERE m.read_out_id = ro_read_outs.id AND m.status = 'Reviewed' AND m.label <> 'Business'),
    disputed_count = (SELECT COUNT(*) FROM ro_messages m WHERE m.read_out_id = ro_read_outs.id AND m.status = 'ReturnedToProfessional');
