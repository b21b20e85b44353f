-- 0550: events that start the department's workflows (issue 10 item 6): an appointment's start → onboarding,
-- onboarding done or a cycle ended → the next read-out cycle, an end date set → departure. One row per event,
-- keyed by the event, so the same event twice starts one instance (the instance id is derived from the key).
CREATE TABLE wf_process_starts (
    event_key            TEXT PRIMARY KEY,
    kind                 TEXT NOT NULL,
    department           TEXT NOT NULL,
    officeholder_id      BIGINT NOT NULL,
    appointment_id       BIGINT NULL,
    not_before           TIMESTAMPTZ NOT NULL,
    after_cycle_at       TIMESTAMPTZ NULL,
    previous_instance_id TEXT NULL,
    is_final             BOOLEAN NOT NULL DEFAULT FALSE,
    instance_id          TEXT NULL,
    definition_id        TEXT NULL,
    definition_version   INTEGER NULL,
    created_at           TIMESTAMPTZ NOT NULL,
    started_at           TIMESTAMPTZ NULL,
    cancelled_at         TIMESTAMPTZ NULL
);
CREATE INDEX ix_wf_process_starts_pending ON wf_process_starts (instance_id, cancelled_at);
CREATE INDEX ix_wf_process_starts_officeholder ON wf_process_starts (officeholder_id, kind);
