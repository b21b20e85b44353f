-- 0101: the ingestion tables' officeholder_id now refers to the registry (issue 2) that was merged after
-- ingestion (docs/notes/ingestion.md "FKs to add"). A read-out of an officeholder who is not in the
-- registry cannot be stored, and a registered officeholder with read-outs cannot be deleted.
ALTER TABLE ingest_read_outs ADD CONSTRAINT fk_ingest_read_outs_officeholder FOREIGN KEY (officeholder_id) REFERENCES officeholders (id);
ALTER TABLE ingest_conversations ADD CONSTRAINT fk_ingest_conversations_officeholder FOREIGN KEY (officeholder_id) REFERENCES officeholders (id);
ALTER TABLE ingest_messages ADD CONSTRAINT fk_ingest_messages_officeholder FOREIGN KEY (officeholder_id) REFERENCES officeholders (id);
