-- 0400: workflow engine (ChatArchive.Workflows.Engine). Definitions in Elsa JSON, instances, the work queue
-- claimed with FOR UPDATE SKIP LOCKED, bookmarks (timer rows are the source of truth for Quartz), journal,
-- activity executions and human tasks. Quartz's own qrtz_ tables are provisioned by Quartz itself.
CREATE TABLE wf_definitions (
    id              TEXT PRIMARY KEY,
    definition_id   TEXT NOT NULL,
    version         INTEGER NOT NULL,
    tenant_id       TEXT NULL,
    name            TEXT NOT NULL,
    description     TEXT NULL,
    is_latest       BOOLEAN NOT NULL,
    is_published    BOOLEAN NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    data            TEXT NOT NULL,
    CONSTRAINT ux_wf_definitions_version UNIQUE (definition_id, version)
);
CREATE UNIQUE INDEX ux_wf_definitions_latest ON wf_definitions (definition_id) WHERE is_latest;
CREATE UNIQUE INDEX ux_wf_definitions_published ON wf_definitions (definition_id) WHERE is_published;
CREATE INDEX ix_wf_definitions_tenant_name ON wf_definitions (tenant_id, name);

CREATE TABLE wf_instances (
    id                    TEXT PRIMARY KEY,
    definition_id         TEXT NOT NULL,
    definition_version_id TEXT NOT NULL,
    version               INTEGER NOT NULL,
    tenant_id             TEXT NULL,
    status                TEXT NOT NULL,
    sub_status            TEXT NOT NULL,
    correlation_id        TEXT NULL,
    name                  TEXT NULL,
    incident_count        INTEGER NOT NULL DEFAULT 0,
    created_at            TIMESTAMPTZ NOT NULL,
    updated_at            TIMESTAMPTZ NOT NULL,
    finished_at           TIMESTAMPTZ NULL,
    state                 TEXT NOT NULL,
    row_version           BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX ix_wf_instances_definition ON wf_instances (definition_id, created_at);
CREATE INDEX ix_wf_instances_tenant ON wf_instances (tenant_id, created_at);
CREATE INDEX ix_wf_instances_status ON wf_instances (status, sub_status);
CREATE INDEX ix_wf_instances_correlation ON wf_instances (correlation_id);

CREATE TABLE wf_work_items (
    id           BIGSERIAL PRIMARY KEY,
    instance_id  TEXT NOT NULL REFERENCES wf_instances (id) ON DELETE CASCADE,
    kind         TEXT NOT NULL,
    activity_id  TEXT NULL,
    bookmark_id  TEXT NULL,
    is_trigger   BOOLEAN NOT NULL DEFAULT FALSE,
    outcome      TEXT NULL,
    payload      TEXT NULL,
    resumed_by   TEXT NULL,
    dedup_key    TEXT NULL,
    created_at   TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX ux_wf_work_items_dedup ON wf_work_items (dedup_key);
CREATE INDEX ix_wf_work_items_instance ON wf_work_items (instance_id);

-- Resume by bookmark is a primary-key lookup, whatever the number of instances or versions (elsa-core #6967).
CREATE TABLE wf_bookmarks (
    id                   TEXT PRIMARY KEY,
    instance_id          TEXT NOT NULL REFERENCES wf_instances (id) ON DELETE CASCADE,
    activity_id          TEXT NOT NULL,
    activity_node_id     TEXT NOT NULL,
    activity_instance_id TEXT NOT NULL,
    activity_type        TEXT NOT NULL,
    kind                 TEXT NOT NULL,
    due_at               TIMESTAMPTZ NULL,
    payload              TEXT NULL,
    created_at           TIMESTAMPTZ NOT NULL
);
CREATE INDEX ix_wf_bookmarks_instance ON wf_bookmarks (instance_id);
CREATE INDEX ix_wf_bookmarks_due ON wf_bookmarks (kind, due_at);

CREATE TABLE wf_journal (
    id                          TEXT PRIMARY KEY,
    instance_id                 TEXT NOT NULL REFERENCES wf_instances (id) ON DELETE CASCADE,
    sequence                    BIGINT NOT NULL,
    activity_instance_id        TEXT NULL,
    parent_activity_instance_id TEXT NULL,
    activity_id                 TEXT NULL,
    activity_type               TEXT NULL,
    activity_type_version       INTEGER NOT NULL DEFAULT 1,
    activity_name               TEXT NULL,
    node_id                     TEXT NULL,
    timestamp                   TIMESTAMPTZ NOT NULL,
    event_name                  TEXT NOT NULL,
    message                     TEXT NULL,
    source                      TEXT NULL,
    payload                     TEXT NULL
);
CREATE UNIQUE INDEX ux_wf_journal_sequence ON wf_journal (instance_id, sequence);

CREATE TABLE wf_activity_executions (
    id                    TEXT PRIMARY KEY,
    instance_id           TEXT NOT NULL REFERENCES wf_instances (id) ON DELETE CASCADE,
    activity_id           TEXT NOT NULL,
    activity_node_id      TEXT NOT NULL,
    activity_type         TEXT NOT NULL,
    activity_type_version INTEGER NOT NULL DEFAULT 1,
    activity_name         TEXT NULL,
    status                TEXT NOT NULL,
    outcome               TEXT NULL,
    has_bookmarks         BOOLEAN NOT NULL DEFAULT FALSE,
    started_at            TIMESTAMPTZ NOT NULL,
    completed_at          TIMESTAMPTZ NULL,
    inputs                TEXT NULL,
    outputs               TEXT NULL,
    exception             TEXT NULL
);
CREATE INDEX ix_wf_activity_executions_instance ON wf_activity_executions (instance_id, activity_node_id);

CREATE TABLE wf_human_tasks (
    id               TEXT PRIMARY KEY,
    instance_id      TEXT NOT NULL REFERENCES wf_instances (id) ON DELETE CASCADE,
    definition_id    TEXT NOT NULL,
    activity_id      TEXT NOT NULL,
    activity_node_id TEXT NOT NULL,
    department       TEXT NULL,
    title            TEXT NOT NULL,
    description      TEXT NULL,
    assignee_role    TEXT NULL,
    assignee_user    TEXT NULL,
    due_at           TIMESTAMPTZ NULL,
    form_data        TEXT NULL,
    outcomes         TEXT NOT NULL,
    status           TEXT NOT NULL,
    claimed_by       TEXT NULL,
    claimed_at       TIMESTAMPTZ NULL,
    completed_by     TEXT NULL,
    completed_at     TIMESTAMPTZ NULL,
    outcome          TEXT NULL,
    result           TEXT NULL,
    created_at       TIMESTAMPTZ NOT NULL
);
CREATE INDEX ix_wf_human_tasks_department ON wf_human_tasks (department, status);
CREATE INDEX ix_wf_human_tasks_role ON wf_human_tasks (assignee_role, status);
CREATE INDEX ix_wf_human_tasks_user ON wf_human_tasks (assignee_user, status);
CREATE INDEX ix_wf_human_tasks_instance ON wf_human_tasks (instance_id);
