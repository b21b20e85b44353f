-- 0530: every finding of a read-out is kept with the read-out; only some need an answer before sealing
-- (missing messages since the last read-out, disappearing messages on, deletion tombstones, a gap longer than the
-- department's interval). The others (span covered, date order assumed, renames …) only inform.
-- Rows stored before this script were all of the kinds that need an answer, hence the default.
ALTER TABLE ro_findings ADD COLUMN needs_answer INTEGER NOT NULL DEFAULT 1;
