-- 0801: every seal, recorded in the database when it is made, so 'verify --all' notices a deleted newest package
-- or a whole deleted chain in the write-once store. Instants: ms since 1970 UTC.
CREATE TABLE sealed_packages (
    officeholder_id  TEXT NOT NULL,
    channel          TEXT NOT NULL,
    sequence         INTEGER NOT NULL,
    package_id       TEXT NOT NULL,
    seal_sha256      TEXT NOT NULL,
    sealed_at        INTEGER NOT NULL,
    recorded_at      INTEGER NOT NULL,
    PRIMARY KEY (officeholder_id, channel, sequence)
);
