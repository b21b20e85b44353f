-- 0110 on SQLite: nothing to change. The PostgreSQL script merges two per-row foreign-key checks of ingest_messages into
-- one because each costs a query there; SQLite checks a foreign key with a direct index probe, and changing one would
-- mean rebuilding ingest_messages (as 0101 did). Kept so both providers share the number.
SELECT 1;
