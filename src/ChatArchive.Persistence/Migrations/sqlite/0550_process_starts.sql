-- 0550: events that start the department's workflows (issue 10 item 6): an appointment's start → onboarding,
-- onboarding done or a cycle ended → the next read-out cycle, an end date set → departure. One row per event,
-- keyed by the event, so the same event twice starts one instance (the instance id is derived from the key).
CREATE TABLE wf_process_starts (
    event_key            TEXT PRIMARY KEY,
    kind                 TEXT NOT NULL,
    department           TEXT NOT NULL,
    officeholder_id      INTEGER NOT NULL,
    appointment_id       INTEGER NULL,
    not_before           TEXT NOT NULL,
    after_cycle_at       TEXT NULL,
    previous_instance_id TEXT NULL,
    is_final             INTEGER NOT NULL DEFAULT 0,
    instance_id          TEXT NULL,
    definition_id        TEXT NULL,
    definition_version   INTEGER NULL,
    created_at           TEXT NOT NULL,
    started_at           TEXT NULL,
    cancelled_at         TEXT NULL
);
CREATE INDEX ix_wf_process_starts_pending ON wf_process_starts (instance_id, cancelled_at);
CREATE INDEX ix_wf_process_starts_officeholder ON wf_process_starts (officeholder_id, kind);
