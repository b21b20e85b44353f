-- 0515: a bulk decision on a whole conversation writes no message rows, and the review list follows chat order.
-- ro_messages.state_id: the id of the newest decision record the row's review columns include (0: none yet).
-- ro_conversation_states: per conversation of a read-out the newest review record stored once with its scope
-- (ro_decision_records.conversation_id) whose state the messages take over without a row write. A message whose
-- state_id is lower than that record's id has: status Reviewed, label, note, decided_by and decided_at of the record;
-- every other column from its row. The view ro_message_states gives each message's state resolved that way; every
-- reader of the review state reads it (or the same join).
-- (SQLite: sent_at stays NULL-able, ALTER TABLE cannot add NOT NULL without a default; every row gets it.)
-- ro_messages.sent_at: the sending time of the message (copied from ingest_messages), indexed with the read-out so the
-- review list is ordered by sending time (then id) without reading the texts.
ALTER TABLE ro_messages ADD COLUMN state_id BIGINT NOT NULL DEFAULT 0;
ALTER TABLE ro_messages ADD COLUMN sent_at INTEGER NULL;
UPDATE ro_messages SET sent_at = (SELECT i.sent_at FROM ingest_messages i WHERE i.id = ro_messages.message_id);
DROP INDEX ix_ro_messages_read_out;
CREATE INDEX ix_ro_messages_read_out ON ro_messages (read_out_id, conversation_id, sent_at, message_id);
CREATE INDEX ix_ro_messages_chat_order ON ro_messages (read_out_id, sent_at, message_id);

CREATE TABLE ro_conversation_states (
    read_out_id         BIGINT NOT NULL REFERENCES ro_read_outs (id),
    conversation_id     BIGINT NOT NULL REFERENCES ingest_conversations (id),
    decision_id         BIGINT NOT NULL REFERENCES ro_decision_records (id),
    PRIMARY KEY (read_out_id, conversation_id)
);

CREATE VIEW ro_message_states AS
SELECT m.message_id, m.read_out_id, m.conversation_id, m.contact, m.suggested_label, m.confidence, m.reasons, m.categories,
    m.special_category, m.excluded,
    CASE WHEN d.id IS NULL THEN m.status ELSE 'Reviewed' END AS status,
    CASE WHEN d.id IS NULL THEN m.label ELSE d.label END AS label,
    CASE WHEN d.id IS NULL THEN m.note ELSE d.note END AS note,
    CASE WHEN d.id IS NULL THEN m.decided_by ELSE d.by_user END AS decided_by,
    CASE WHEN d.id IS NULL THEN m.decided_at ELSE d.at END AS decided_at,
    m.validation_agrees, m.validation_note, m.validated_by, m.validated_at, m.final_state, m.final_at, m.sent_at,
    CASE WHEN d.id IS NULL THEN m.state_id ELSE d.id END AS state_id
FROM ro_messages m
LEFT JOIN ro_conversation_states s ON s.read_out_id = m.read_out_id AND s.conversation_id = m.conversation_id AND s.decision_id > m.state_id
LEFT JOIN ro_decision_records d ON d.id = s.decision_id;
