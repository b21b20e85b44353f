-- 0101: ingest_read_outs, ingest_conversations and ingest_messages.officeholder_id now refer to the registry's
-- officeholders(id) (docs/notes/ingestion.md "FKs to add"). SQLite cannot add a foreign key with ALTER TABLE, so the
-- ingestion tables are rebuilt in place, keeping every row and id (https://sqlite.org/lang_altertable.html#otheralter):
-- 1. the old tables are renamed to *_old (SQLite rewrites the references among them to the *_old names),
-- 2. the tables are created again under their own names, now with the foreign keys, and filled from *_old,
-- 3. the *_old tables are dropped children first, so no drop deletes a row another table still refers to,
-- 4. the indexes (which moved with the renamed tables and went with the drops) are created again.
-- Generated from 0100 by the same column lists; all of it runs in the migrator's one transaction: all or nothing.
ALTER TABLE ingest_read_outs RENAME TO ingest_read_outs_old;
ALTER TABLE ingest_conversations RENAME TO ingest_conversations_old;
ALTER TABLE ingest_messages RENAME TO ingest_messages_old;
ALTER TABLE ingest_attachments RENAME TO ingest_attachments_old;
ALTER TABLE ingest_system_events RENAME TO ingest_system_events_old;
ALTER TABLE ingest_findings RENAME TO ingest_findings_old;
ALTER TABLE ingest_day_digests RENAME TO ingest_day_digests_old;
CREATE TABLE ingest_read_outs (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    officeholder_id     BIGINT NOT NULL REFERENCES officeholders (id),
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
INSERT INTO ingest_read_outs (id, officeholder_id, channel, number, format, source_name, source_sha256, read_out_at, ingested_at, span_start, span_end, messages_read, messages_new, messages_known, messages_missing, system_events, attachments, findings) SELECT id, officeholder_id, channel, number, format, source_name, source_sha256, read_out_at, ingested_at, span_start, span_end, messages_read, messages_new, messages_known, messages_missing, system_events, attachments, findings FROM ingest_read_outs_old;
CREATE TABLE ingest_conversations (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    officeholder_id     BIGINT NOT NULL REFERENCES officeholders (id),
    channel             TEXT NOT NULL,
    conversation_key    TEXT NOT NULL,
    title               TEXT NOT NULL,
    is_group            BOOLEAN NOT NULL,
    participants        TEXT NOT NULL,
    first_read_out_id   BIGINT NOT NULL REFERENCES ingest_read_outs (id),
    last_read_out_id    BIGINT NOT NULL REFERENCES ingest_read_outs (id),
    CONSTRAINT ux_ingest_conversations_key UNIQUE (officeholder_id, channel, conversation_key)
);
INSERT INTO ingest_conversations (id, officeholder_id, channel, conversation_key, title, is_group, participants, first_read_out_id, last_read_out_id) SELECT id, officeholder_id, channel, conversation_key, title, is_group, participants, first_read_out_id, last_read_out_id FROM ingest_conversations_old;
CREATE TABLE ingest_messages (
    id                          INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation_id             BIGINT NOT NULL REFERENCES ingest_conversations (id),
    officeholder_id             BIGINT NOT NULL REFERENCES officeholders (id),
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
INSERT INTO ingest_messages (id, conversation_id, officeholder_id, fingerprint, occurrence, sender, sent_at, sent_offset_minutes, sent_day, digest_a, digest_b, text, edited, deleted, source_id, first_read_out_id, missing_since_read_out_id) SELECT id, conversation_id, officeholder_id, fingerprint, occurrence, sender, sent_at, sent_offset_minutes, sent_day, digest_a, digest_b, text, edited, deleted, source_id, first_read_out_id, missing_since_read_out_id FROM ingest_messages_old;
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
INSERT INTO ingest_attachments (message_id, ordinal, file_name, media_type, size, sha256, present) SELECT message_id, ordinal, file_name, media_type, size, sha256, present FROM ingest_attachments_old;
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
INSERT INTO ingest_system_events (id, conversation_id, fingerprint, occurrence, kind, at, at_offset_minutes, actor, text, first_read_out_id) SELECT id, conversation_id, fingerprint, occurrence, kind, at, at_offset_minutes, actor, text, first_read_out_id FROM ingest_system_events_old;
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
INSERT INTO ingest_findings (id, read_out_id, conversation_id, message_id, kind, at, at_offset_minutes, actor, detail) SELECT id, read_out_id, conversation_id, message_id, kind, at, at_offset_minutes, actor, detail FROM ingest_findings_old;
CREATE TABLE ingest_day_digests (
    conversation_id     BIGINT NOT NULL REFERENCES ingest_conversations (id),
    day                 INTEGER NOT NULL,
    messages            BIGINT NOT NULL,
    sum_a               BIGINT NOT NULL,
    sum_b               BIGINT NOT NULL,
    PRIMARY KEY (conversation_id, day)
);
INSERT INTO ingest_day_digests (conversation_id, day, messages, sum_a, sum_b) SELECT conversation_id, day, messages, sum_a, sum_b FROM ingest_day_digests_old;
DROP TABLE ingest_day_digests_old;
DROP TABLE ingest_findings_old;
DROP TABLE ingest_system_events_old;
DROP TABLE ingest_attachments_old;
DROP TABLE ingest_messages_old;
DROP TABLE ingest_conversations_old;
DROP TABLE ingest_read_outs_old;
CREATE INDEX ix_ingest_read_outs_officeholder ON ingest_read_outs (officeholder_id);
CREATE INDEX ix_ingest_conversations_officeholder ON ingest_conversations (officeholder_id);
CREATE INDEX ix_ingest_messages_officeholder ON ingest_messages (officeholder_id);
CREATE INDEX ix_ingest_messages_conversation_day ON ingest_messages (conversation_id, sent_day);
CREATE INDEX ix_ingest_findings_read_out ON ingest_findings (read_out_id);
CREATE INDEX ix_ingest_messages_missing ON ingest_messages (officeholder_id) WHERE missing_since_read_out_id IS NOT NULL;
