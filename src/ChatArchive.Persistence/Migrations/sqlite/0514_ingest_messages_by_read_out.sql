-- 0514: the messages an export brought in, found by their read-out. Sealing asks per export (200 in a read-out of 200
-- files) which conversations, messages and removals it holds; without this index each question scanned every message of
-- the officeholder (the seal of a 100,000-message read-out spent most of its time there). Suggesting reads the same way.
CREATE INDEX ix_ingest_messages_first_read_out ON ingest_messages (first_read_out_id, conversation_id);
