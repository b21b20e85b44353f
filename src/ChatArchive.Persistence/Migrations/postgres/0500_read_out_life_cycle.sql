-- 0500: the stored read-out life cycle (Handreiking §2.2.2 steps 1–8): the read-out a workflow instance runs,
-- its uploaded exports, per message the suggestion and the current review state, the decision history
-- (who, when, what: every review, validation and application), answers to findings, deletion records that
-- hold no content, and the evidence of checklists and of coverage secured elsewhere.
CREATE TABLE ro_read_outs (
    id                      BIGSERIAL PRIMARY KEY,
    officeholder_id         BIGINT NOT NULL REFERENCES officeholders(id),
    department_id           BIGINT NOT NULL REFERENCES departments(id),
    channel                 TEXT NULL,
    workflow_instance_id    TEXT NOT NULL,
    activity_id             TEXT NOT NULL,
    stage                   TEXT NOT NULL,
    policy                  TEXT NOT NULL,
    validator_role          TEXT NOT NULL,
    created_by              TEXT NOT NULL,
    created_at              TIMESTAMPTZ NOT NULL,
    due_on                  TIMESTAMPTZ NULL,
    planned_at              TIMESTAMPTZ NULL,
    offered_by              TEXT NULL,
    offered_at              TIMESTAMPTZ NULL,
    validation_deadline     TIMESTAMPTZ NULL,
    cleaned_by              TEXT NULL,
    cleaned_at              TIMESTAMPTZ NULL,
    cleaning_mode           TEXT NULL,
    sealed_by               TEXT NULL,
    sealed_at               TIMESTAMPTZ NULL,
    packages                TEXT NULL,
    raw_export_destroyed_at TIMESTAMPTZ NULL,
    CONSTRAINT ux_ro_read_outs_step UNIQUE (workflow_instance_id, activity_id)
);
CREATE INDEX ix_ro_read_outs_officeholder ON ro_read_outs (officeholder_id);
CREATE INDEX ix_ro_read_outs_department ON ro_read_outs (department_id);
CREATE INDEX ix_ro_read_outs_instance ON ro_read_outs (workflow_instance_id);

CREATE TABLE ro_uploads (
    id                  BIGSERIAL PRIMARY KEY,
    read_out_id         BIGINT NOT NULL REFERENCES ro_read_outs (id),
    file_name           TEXT NOT NULL,
    channel             TEXT NOT NULL,
    format              TEXT NOT NULL,
    sha256              TEXT NOT NULL,
    bytes               BIGINT NOT NULL,
    vault_id            TEXT NOT NULL,
    superseded_vault_id TEXT NULL,
    uploaded_by         TEXT NOT NULL,
    uploaded_at         TIMESTAMPTZ NOT NULL,
    ingest_read_out_id  BIGINT NULL REFERENCES ingest_read_outs (id),
    purged_at           TIMESTAMPTZ NULL,
    destroyed_at        TIMESTAMPTZ NULL,
    CONSTRAINT ux_ro_uploads_sha UNIQUE (read_out_id, sha256)
);
CREATE INDEX ix_ro_uploads_sha ON ro_uploads (sha256);

-- One row per message the read-out brought in: the suggestion, then the current state (the history is in ro_decisions).
CREATE TABLE ro_messages (
    message_id          BIGINT PRIMARY KEY REFERENCES ingest_messages (id),
    read_out_id         BIGINT NOT NULL REFERENCES ro_read_outs (id),
    conversation_id     BIGINT NOT NULL REFERENCES ingest_conversations (id),
    contact             TEXT NOT NULL,
    suggested_label     TEXT NOT NULL,
    confidence          DOUBLE PRECISION NOT NULL,
    reasons             TEXT NOT NULL,
    categories          TEXT NOT NULL,
    special_category    BOOLEAN NOT NULL,
    excluded            BOOLEAN NOT NULL,
    status              TEXT NOT NULL,
    label               TEXT NULL,
    note                TEXT NULL,
    decided_by          TEXT NULL,
    decided_at          TIMESTAMPTZ NULL,
    validation_agrees   BOOLEAN NULL,
    validation_note     TEXT NULL,
    validated_by        TEXT NULL,
    validated_at        TIMESTAMPTZ NULL,
    final_state         TEXT NULL,
    final_at            TIMESTAMPTZ NULL
);
CREATE INDEX ix_ro_messages_read_out ON ro_messages (read_out_id, conversation_id, message_id);
CREATE INDEX ix_ro_messages_status ON ro_messages (read_out_id, status);

CREATE TABLE ro_decisions (
    id                  BIGSERIAL PRIMARY KEY,
    read_out_id         BIGINT NOT NULL REFERENCES ro_read_outs (id),
    message_id          BIGINT NOT NULL REFERENCES ingest_messages (id),
    kind                TEXT NOT NULL,
    by_user             TEXT NOT NULL,
    by_role             TEXT NOT NULL,
    at                  TIMESTAMPTZ NOT NULL,
    label               TEXT NULL,
    note                TEXT NULL
);
CREATE INDEX ix_ro_decisions_message ON ro_decisions (message_id, id);

CREATE TABLE ro_findings (
    id                  BIGSERIAL PRIMARY KEY,
    read_out_id         BIGINT NOT NULL REFERENCES ro_read_outs (id),
    ingest_finding_id   BIGINT NOT NULL UNIQUE REFERENCES ingest_findings (id),
    resolution          TEXT NULL,
    note                TEXT NULL,
    answered_by         TEXT NULL,
    answered_at         TIMESTAMPTZ NULL
);
CREATE INDEX ix_ro_findings_read_out ON ro_findings (read_out_id);

-- What remains of a removed message: no text, sender, conversation title or attachment name.
CREATE TABLE ro_deletion_records (
    message_id          BIGINT PRIMARY KEY REFERENCES ingest_messages (id),
    read_out_id         BIGINT NOT NULL REFERENCES ro_read_outs (id),
    fingerprint         TEXT NOT NULL,
    label               TEXT NOT NULL,
    message_sent        TIMESTAMPTZ NOT NULL,
    reviewed_by         TEXT NOT NULL,
    reviewed_at         TIMESTAMPTZ NOT NULL,
    validated_by        TEXT NULL,
    validated_at        TIMESTAMPTZ NULL,
    removed_by          TEXT NOT NULL,
    removed_at          TIMESTAMPTZ NOT NULL
);
CREATE INDEX ix_ro_deletion_records_read_out ON ro_deletion_records (read_out_id);

CREATE TABLE ro_checklists (
    id                      BIGSERIAL PRIMARY KEY,
    officeholder_id         BIGINT NOT NULL REFERENCES officeholders(id),
    department_id           BIGINT NOT NULL REFERENCES departments(id),
    workflow_instance_id    TEXT NOT NULL,
    activity_id             TEXT NOT NULL,
    kind                    TEXT NOT NULL,
    title                   TEXT NOT NULL,
    assignee_role           TEXT NULL,
    items                   TEXT NOT NULL,
    created_by              TEXT NOT NULL,
    created_at              TIMESTAMPTZ NOT NULL,
    completed_by            TEXT NULL,
    completed_at            TIMESTAMPTZ NULL,
    CONSTRAINT ux_ro_checklists_step UNIQUE (workflow_instance_id, activity_id)
);
CREATE INDEX ix_ro_checklists_officeholder ON ro_checklists (officeholder_id);

CREATE TABLE ro_checklist_answers (
    checklist_id        BIGINT NOT NULL REFERENCES ro_checklists (id),
    item_key            TEXT NOT NULL,
    confirmed           BOOLEAN NOT NULL,
    reason              TEXT NULL,
    answered_by         TEXT NOT NULL,
    answered_at         TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (checklist_id, item_key)
);

CREATE TABLE ro_coverage_elsewhere (
    id                      BIGSERIAL PRIMARY KEY,
    officeholder_id         BIGINT NOT NULL REFERENCES officeholders(id),
    department_id           BIGINT NOT NULL REFERENCES departments(id),
    channel                 TEXT NOT NULL,
    account                 TEXT NOT NULL,
    from_date               TEXT NOT NULL,
    to_date                 TEXT NULL,
    secured_where           TEXT NOT NULL,
    registered_by           TEXT NOT NULL,
    registered_at           TIMESTAMPTZ NOT NULL,
    workflow_instance_id    TEXT NULL,
    activity_id             TEXT NULL,
    CONSTRAINT ux_ro_coverage_step UNIQUE (workflow_instance_id, activity_id)
);
CREATE INDEX ix_ro_coverage_officeholder ON ro_coverage_elsewhere (officeholder_id);
