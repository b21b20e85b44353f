-- 0001: registry core. Departments are the tenants; officeholders and their appointments
-- (seed 001 table: function, from, to); users with roles scoped to a department or all (NULL).
CREATE TABLE departments (
    id          BIGSERIAL PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE officeholders (
    id              BIGSERIAL PRIMARY KEY,
    department_id   BIGINT NOT NULL REFERENCES departments(id),
    display_name    TEXT NOT NULL,
    kind            TEXT NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX ix_officeholders_department ON officeholders(department_id);

CREATE TABLE appointments (
    id              BIGSERIAL PRIMARY KEY,
    officeholder_id BIGINT NOT NULL REFERENCES officeholders(id),
    department_id   BIGINT NOT NULL REFERENCES departments(id),
    function_title  TEXT NOT NULL,
    starts_on       DATE NOT NULL,
    ends_on         DATE NULL,
    version         INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT ck_appointments_period CHECK (ends_on IS NULL OR ends_on >= starts_on)
);
CREATE INDEX ix_appointments_officeholder ON appointments(officeholder_id);
CREATE INDEX ix_appointments_department ON appointments(department_id);

CREATE TABLE users (
    id              BIGSERIAL PRIMARY KEY,
    user_name       TEXT NOT NULL UNIQUE,
    display_name    TEXT NOT NULL,
    roles           TEXT NOT NULL,
    department_id   BIGINT NULL REFERENCES departments(id),
    officeholder_id BIGINT NULL REFERENCES officeholders(id),
    email           TEXT NULL,
    is_active       BOOLEAN NOT NULL DEFAULT TRUE,
    version         INTEGER NOT NULL DEFAULT 1
);
