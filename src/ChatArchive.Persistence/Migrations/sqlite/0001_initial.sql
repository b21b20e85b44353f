-- 0001: registry core. Departments are the tenants; officeholders and their appointments
-- (seed 001 table: function, from, to); users with roles scoped to a department or all (NULL).
-- Dates are ISO-8601 text (yyyy-MM-dd), instants ISO-8601 with offset, as EF Core's SQLite provider writes them.
CREATE TABLE departments (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    code        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE officeholders (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    department_id   INTEGER NOT NULL REFERENCES departments(id),
    display_name    TEXT NOT NULL,
    kind            TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX ix_officeholders_department ON officeholders(department_id);

CREATE TABLE appointments (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    officeholder_id INTEGER NOT NULL REFERENCES officeholders(id),
    department_id   INTEGER NOT NULL REFERENCES departments(id),
    function_title  TEXT NOT NULL,
    starts_on       TEXT NOT NULL,
    ends_on         TEXT NULL,
    version         INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT ck_appointments_period CHECK (ends_on IS NULL OR ends_on >= starts_on)
);
CREATE INDEX ix_appointments_officeholder ON appointments(officeholder_id);
CREATE INDEX ix_appointments_department ON appointments(department_id);

CREATE TABLE users (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    user_name       TEXT NOT NULL UNIQUE,
    display_name    TEXT NOT NULL,
    roles           TEXT NOT NULL,
    department_id   INTEGER NULL REFERENCES departments(id),
    officeholder_id INTEGER NULL REFERENCES officeholders(id),
    email           TEXT NULL,
    is_active       INTEGER NOT NULL DEFAULT 1,
    version         INTEGER NOT NULL DEFAULT 1
);
