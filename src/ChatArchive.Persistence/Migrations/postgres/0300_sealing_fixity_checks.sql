-- 0300: sealing. One row per fixity check (issue 5 §6): when, how many packages, and what was wrong.
-- problems holds [{package, kind}] only: file names can carry personal names, and re-running verify gives the files.
CREATE TABLE fixity_checks (
    id             BIGSERIAL PRIMARY KEY,
    started_at     TIMESTAMPTZ NOT NULL,
    finished_at    TIMESTAMPTZ NOT NULL,
    trigger        TEXT NOT NULL,
    packages       INTEGER NOT NULL,
    valid          BOOLEAN NOT NULL,
    problem_count  INTEGER NOT NULL,
    problems       TEXT NOT NULL,
    error          TEXT NULL
);
CREATE INDEX ix_fixity_checks_started_at ON fixity_checks (started_at);
