-- 0110: one foreign-key check per stored message instead of two (issue 16, ingest speed).
-- PostgreSQL checks a foreign key with a query per inserted row; an ingest of 1,000,000 messages ran four such checks per
-- row (conversation, officeholder, first read-out, missing-since read-out) and they were two thirds of its largest
-- statement (EXPLAIN ANALYZE, docs/notes/ingest.md). The conversation and the officeholder of a message are now checked
-- together: (conversation_id, officeholder_id) must be a stored conversation of that officeholder. That is stricter than
-- before (a message can no longer name another officeholder than its conversation's), and the officeholder is still a
-- registered one through ingest_conversations' own foreign key to officeholders (0101).
ALTER TABLE ingest_conversations ADD CONSTRAINT ux_ingest_conversations_id_officeholder UNIQUE (id, officeholder_id);
ALTER TABLE ingest_messages DROP CONSTRAINT fk_ingest_messages_officeholder;
ALTER TABLE ingest_messages DROP CONSTRAINT ingest_messages_conversation_id_fkey;
ALTER TABLE ingest_messages ADD CONSTRAINT fk_ingest_messages_conversation_officeholder
    FOREIGN KEY (conversation_id, officeholder_id) REFERENCES ingest_conversations (id, officeholder_id);
