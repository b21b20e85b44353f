-- 0600: notification outbox (ChatArchive.Notifications). A row is written in the same transaction as the event
-- that causes it (a new task, a finding, a due date passing) and is the source of truth for mail: the Hangfire job
-- only reads it. Ids, a workflow title and a date only: never message content, contact names or phone numbers.
CREATE TABLE notification_outbox (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    kind             TEXT NOT NULL,
    task_id          TEXT NULL,
    department       TEXT NULL,
    recipient_user   TEXT NULL,
    recipient_role   TEXT NULL,
    title            TEXT NULL,
    due_at           TEXT NULL,
    link_path        TEXT NULL,
    dedup_key        TEXT NULL,
    status           TEXT NOT NULL DEFAULT 'Pending',
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  TEXT NOT NULL,
    claimed_by       TEXT NULL,
    claimed_until    TEXT NULL,
    last_error       TEXT NULL,
    message_id       TEXT NULL,
    sent_at          TEXT NULL,
    created_at       TEXT NOT NULL
);
-- One reminder / escalation per task and kind, however often the due-date scan runs.
CREATE UNIQUE INDEX ux_notification_outbox_dedup ON notification_outbox (dedup_key);
CREATE INDEX ix_notification_outbox_due ON notification_outbox (next_attempt_at) WHERE status = 'Pending';
CREATE INDEX ix_notification_outbox_task ON notification_outbox (task_id);
