-- 0513: a bulk decision is stored as ONE record with its scope instead of one record per message.
-- ro_decision_records holds both kinds: a record of one message (message_id set) and a record of every message of one
-- conversation of the read-out (conversation_id set) except those listed in ro_decision_exceptions (the messages the
-- decision did not reach, e.g. validated ones). Both kinds share one id sequence, so the order of the history stays the id.
-- The view ro_decisions expands the scoped records: it gives, per message, exactly the rows the former table held, so
-- every reader (the decision model's load, audits, checks) sees the same facts. Existing per-message rows stay as they are.
-- ro_read_outs keeps the counts of its messages per state, updated in the same transaction as the messages.
ALTER TABLE ro_decisions RENAME TO ro_decision_records;
ALTER TABLE ro_decision_records ALTER COLUMN message_id DROP NOT NULL;
ALTER TABLE ro_decision_records ADD COLUMN conversation_id BIGINT NULL REFERENCES ingest_conversations (id);
ALTER TABLE ro_decision_records ADD CONSTRAINT ck_ro_decision_records_scope CHECK ((message_id IS NULL) <> (conversation_id IS NULL));
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
UPDATE ro_read_outs o SET
    messages_count = c.n, undecided_count = c.undecided, marked_count = c.marked, awaiting_count = c.awaiting, disputed_count = c.disputed
FROM (
    SELECT read_out_id, COUNT(*) AS n,
        SUM(CASE WHEN status IN ('AwaitingReview', 'ReturnedToProfessional') THEN 1 ELSE 0 END) AS undecided,
        SUM(CASE WHEN label IS NOT NULL AND label <> 'Business' THEN 1 ELSE 0 END) AS marked,
        SUM(CASE WHEN status = 'Reviewed' AND label <> 'Business' THEN 1 ELSE 0 END) AS awaiting,
        SUM(CASE WHEN status = 'ReturnedToProfessional' THEN 1 ELSE 0 END) AS disputed
    FROM ro_messages GROUP BY read_out_id) c
WHERE c.read_out_id = o.id;
