-- 0801: every seal, recorded in the database when it is made, so 'verify --all' notices a deleted newest package
-- or a whole deleted chain in the write-once store (the chain in the store alone cannot show its own missing tail).
CREATE TABLE sealed_packages (
    officeholder_id  TEXT NOT NULL,
    channel          TEXT NOT NULL,
    sequence         BIGINT NOT NULL,
    package_id       TEXT NOT NULL,
    seal_sha256      TEXT NOT NULL,
    sealed_at        TIMESTAMPTZ NOT NULL,
    recorded_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (officeholder_id, channel, sequence)
);
