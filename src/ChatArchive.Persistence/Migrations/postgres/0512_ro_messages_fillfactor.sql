-- 0512: room on every page of ro_messages for a changed row. A review decision changes label, note and decision time,
-- none of them indexed; with free room on its page PostgreSQL writes the new row version there without new index
-- entries (a "heap-only" update). Pages written after this script keep 20 % free; existing pages fill as before.
ALTER TABLE ro_messages SET (fillfactor = 80);
