-- 0830: a coverage signal task a person finished, whose cause a later check found gone. A cancelled task already says
-- "the cause went" (the check cancels it); a finished one cannot, so the check writes its instance here. When the same
-- cause (same dedup key) comes back, the check opens a new task only if the last one is cancelled or listed here.
CREATE TABLE coverage_signal_cleared (
    instance_id  TEXT PRIMARY KEY,
    dedup_key    TEXT NOT NULL
);
