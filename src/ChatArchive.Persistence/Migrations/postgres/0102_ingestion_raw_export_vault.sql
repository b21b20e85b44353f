-- 0102: the raw export of a read-out is kept only encrypted, in the sealing module's RawExportVault
-- (AES-256-GCM); the read-out records its vault id so sealing can open the attachments and keep or
-- delete the raw export after sealing (seed 001, ADR column "ruwe dataset bewaren").
-- NULL: ingested before 0102, or no vault key was configured.
ALTER TABLE ingest_read_outs ADD COLUMN raw_export_vault_id TEXT NULL;
