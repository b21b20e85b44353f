-- 0101: on PostgreSQL this adds the foreign keys ingest_* .officeholder_id -> officeholders(id).
-- SQLite cannot add a foreign key with ALTER TABLE; it needs the twelve-step table rebuild
-- (https://sqlite.org/lang_altertable.html#otheralter) of ingest_read_outs, ingest_conversations and
-- ingest_messages, which every other ingest_* table refers to. That rebuild is NOT done yet (see
-- docs/notes/sealdb.md); on SQLite the CLI checks the officeholder against the registry instead.
-- This statement is a no-op that keeps the migration numbers of both providers equal.
CREATE INDEX IF NOT EXISTS ix_ingest_read_outs_officeholder ON ingest_read_outs (officeholder_id);
