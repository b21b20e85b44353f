-- 0111: the fingerprint scheme each stored conversation's message and system-event fingerprints were made with (issue 16).
-- A message's identity across read-outs is its fingerprint (Fingerprint.Scheme documents the byte layout and the text
-- normalisation). An intended change of the scheme must not turn every stored message into "missing" plus a new copy at
-- the next read-out: the ingest recomputes the stored fingerprints of a conversation whose scheme is older, from the
-- stored sender, instant, text and deletion flag, inside the read-out's own transaction, and then records the new scheme.
-- Every fingerprint stored so far was made with scheme 1.
ALTER TABLE ingest_conversations ADD COLUMN fingerprint_scheme INTEGER NOT NULL DEFAULT 1;
