-- 0512: PostgreSQL keeps free room on the pages of ro_messages (fillfactor 80) for cheaper review updates.
-- SQLite has no such setting; this script keeps the version numbers of both providers alike and changes nothing.
SELECT 1;
