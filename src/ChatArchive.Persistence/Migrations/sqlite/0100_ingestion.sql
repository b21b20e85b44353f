-- 0100: ingestion (issue 3). Read-outs of an officeholder's channel, the conversations and messages
-- they held (fingerprinted; counted duplicates as a multiset), system events, attachments and findings.
-- SQLite: instants are INTEGER milliseconds since 1970 UTC (sortable), with the offset kept beside them.
-- officeholder_id gets its FK to the registry's officeholders table when that branch is merged (see docs/notes/ingestion.md).
CREATE TABLE ingest_read_outs (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    officeholder_id     BIGINT NOT NULL,
    channel             TEXT NOT NULL,
    number              INTEGER NOT NULL,
    format              TEXT NOT NULL,
    source_name         TEXT NOT NULL,
    source_sha256       TEXT NOT NULL,
    read_out_at         INTEGER NOT NULL,
    ingested_at         INTEGER NOT NULL,
    span_start          INTEGER NULL,
    span_end            INTEGER NULL,
    messages_read       BIGINT NOT NULL DEFAULT 0,
    messages_new        BIGINT NOT NULL DEFAULT 0,
    messages_known      BIGINT NOT NULL DEFAULT 0,
    messages_missing    BIGINT NOT NULL DEFAULT 0,
    system_events       BIGINT NOT NULL DEFAULT 0,
    attachments         BIGINT NOT NULL DEFAULT 0,
    findings            BIGINT NOT NULL DEFAULT 0,
    CONSTRAINT ux_ingest_read_outs_number UNIQUE (officeholder_id, channel, number),
    CONSTRAINT ux_ingest_read_outs_source UNIQUE (officeholder_id, channel, source_sha256)
);
CREATE INDEX ix_ingest_read_outs_officeholder ON ingest_read_outs (officeholder_id);

CREATE TABLE ingest_conversations (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    officeholder_id     BIGINT NOT NULL,
    channel             TEXT NOT NULL,
    conversation_key    TEXT NOT NULL,
    title               TEXT NOT NULL,
    is_group            BOOLEAN NOT NULL,
    participants        TEXT NOT NULL,
    first_read_out_id   BIGINT NOT NULL REFERENCES ingest_read_outs (id),
    last_read_out_id    BIGINT NOT NULL REFERENCES ingest_read_outs (id),
    CONSTRAINT ux_ingest_conversations_key UNIQUE (officeholder_id, channel, conversation_key)
);
CREATE INDEX ix_ingest_conversations_officeholder ON ingest_conversations (officeholder_id);

CREATE TABLE ingest_messages (
    id                          INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation_id             BIGINT NOT NULL REFERENCES ingest_conversations (id),
    officeholder_id             BIGINT NOT NULL,
    fingerprint                 BLOB NOT NULL,
    occurrence                  INTEGER NOT NULL,
    sender                      TEXT NOT NULL,
    sent_at                     INTEGER NOT NULL,
    sent_offset_minutes         INTEGER NOT NULL,
    sent_day                    INTEGER NOT NULL,
    digest_a                    BIGINT NOT NULL,
    digest_b                    BIGINT NOT NULL,
    text                        TEXT NOT NULL,
    edited                      BOOLEAN NOT NULL,
    deleted                     BOOLEAN NOT NULL,
    source_id                   TEXT NULL,
    first_read_out_id           BIGINT NOT NULL REFERENCES ingest_read_outs (id),
    missing_since_read_out_id   BIGINT NULL REFERENCES ingest_read_outs (id),
    CONSTRAINT ux_ingest_messages_identity UNIQUE (conversation_id, fingerprint, occurrence)
);
CREATE INDEX ix_ingest_messages_officeholder ON ingest_messages (officeholder_id);
CREATE INDEX ix_ingest_messages_conversation_day ON ingest_messages (conversation_id, sent_day);

CREATE TABLE ingest_attachments (
    message_id          BIGINT NOT NULL REFERENCES ingest_messages (id),
    ordinal             INTEGER NOT NULL,
    file_name           TEXT NOT NULL,
    media_type          TEXT NULL,
    size                BIGINT NULL,
    sha256              TEXT NULL,
    present             BOOLEAN NOT NULL,
    PRIMARY KEY (message_id, ordinal)
);

CREATE TABLE ingest_system_events (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation_id     BIGINT NOT NULL REFERENCES ingest_conversations (id),
    fingerprint         BLOB NOT NULL,
    occurrence          INTEGER NOT NULL,
    kind                TEXT NOT NULL,
    at                  INTEGER NOT NULL,
    at_offset_minutes   INTEGER NOT NULL,
    actor               TEXT NULL,
    text                TEXT NOT NULL,
    first_read_out_id   BIGINT NOT NULL REFERENCES ingest_read_outs (id),
    CONSTRAINT ux_ingest_system_events_identity UNIQUE (conversation_id, fingerprint, occurrence)
);

CREATE TABLE ingest_findings (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    read_out_id         BIGINT NOT NULL REFERENCES ingest_read_outs (id),
    conversation_id     BIGINT NULL REFERENCES ingest_conversations (id),
    message_id          BIGINT NULL REFERENCES ingest_messages (id),
    kind                TEXT NOT NULL,
    at                  INTEGER NULL,
    at_offset_minutes   INTEGER NULL,
    actor               TEXT NULL,
    detail              TEXT NOT NULL
);
CREATE INDEX ix_ingest_findings_read_out ON ingest_findings (read_out_id);
-- Messages flagged missing are few: a partial index keeps "is it back?" cheap on every read-out.
CREATE INDEX ix_ingest_messages_missing ON ingest_messages (officeholder_id) WHERE missing_since_read_out_id IS NOT NULL;

-- Per conversation and local day: count and sums of two 31-bit parts of a cheap per-message hash (DayDigestHash) of the stored,
-- not-missing messages. A later read-out whose day has the same digest holds exactly those messages, so the
-- day is matched without staging its rows (the re-ingest benchmark: a month later, 1 % new).
CREATE TABLE ingest_day_digests (
    conversation_id     BIGINT NOT NULL REFERENCES ingest_conversations (id),
    day                 INTEGER NOT NULL,
    messages            BIGINT NOT NULL,
    sum_a               BIGINT NOT NULL,
    sum_b               BIGINT NOT NULL,
    PRIMARY KEY (conversation_id, day)
);
