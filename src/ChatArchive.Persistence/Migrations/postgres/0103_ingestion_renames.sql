-- 0103: renamed chats and senders (issue 3 §3). WhatsApp writes the phone's current contact name into every line
-- and into the file name, so saving an unknown number as a contact, or renaming a contact, changes the sender and
-- the title of every earlier message. Without these tables such a read-out would report all earlier messages as
-- "missing" and store them again. A rename is learned when a read-out's messages match stored ones in everything
-- but the name; from then on the export's name is read as the stored one for identity (the text as read is kept).
CREATE TABLE ingest_conversation_aliases (
    officeholder_id     BIGINT NOT NULL REFERENCES officeholders (id),
    channel             TEXT NOT NULL,
    export_key          TEXT NOT NULL,
    conversation_id     BIGINT NOT NULL REFERENCES ingest_conversations (id),
    first_read_out_id   BIGINT NOT NULL REFERENCES ingest_read_outs (id),
    PRIMARY KEY (officeholder_id, channel, export_key)
);

CREATE TABLE ingest_sender_aliases (
    conversation_id     BIGINT NOT NULL REFERENCES ingest_conversations (id),
    export_name         TEXT NOT NULL,
    stored_name         TEXT NOT NULL,
    first_read_out_id   BIGINT NOT NULL REFERENCES ingest_read_outs (id),
    PRIMARY KEY (conversation_id, export_name)
);
