-- 0002: the onboarding inventory of seed 000 §2.2.2 (devices, accounts, private/party contacts,
-- trustees) and the department policy of seed 001 (ADR columns). Upgrades a 0001 database in
-- place: every existing department gets the default policy row.
CREATE TABLE department_policies (
    department_id            INTEGER PRIMARY KEY REFERENCES departments(id),
    frequency                TEXT NOT NULL,
    device_separation        INTEGER NOT NULL,
    cleaning                 TEXT NOT NULL,
    keep_raw_dataset         INTEGER NOT NULL,
    exclude_private_contacts INTEGER NOT NULL,
    four_eyes_required       INTEGER NOT NULL,
    source                   TEXT NULL,
    version                  INTEGER NOT NULL DEFAULT 1
);
INSERT INTO department_policies (department_id, frequency, device_separation, cleaning, keep_raw_dataset, exclude_private_contacts, four_eyes_required, source)
SELECT id, 'SixWeekly', 1, 'Remove', 0, 1, 1, 'standaardbeleid (migratie 0002)' FROM departments;

CREATE TABLE business_devices (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    officeholder_id INTEGER NOT NULL REFERENCES officeholders(id),
    platform        TEXT NOT NULL,
    phone_number    TEXT NOT NULL,
    chat_apps       TEXT NOT NULL,
    issued_on       TEXT NOT NULL,
    returned_on     TEXT NULL,
    version         INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT ck_business_devices_period CHECK (returned_on IS NULL OR returned_on >= issued_on)
);
CREATE INDEX ix_business_devices_officeholder ON business_devices(officeholder_id);

CREATE TABLE accounts (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    officeholder_id INTEGER NOT NULL REFERENCES officeholders(id),
    channel         TEXT NOT NULL,
    service         TEXT NOT NULL,
    address         TEXT NOT NULL,
    usage           TEXT NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX ix_accounts_officeholder ON accounts(officeholder_id);

CREATE TABLE contacts (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    officeholder_id INTEGER NOT NULL REFERENCES officeholders(id),
    display_name    TEXT NOT NULL,
    phone_number    TEXT NULL,
    marking         TEXT NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX ix_contacts_officeholder ON contacts(officeholder_id);

CREATE TABLE trustees (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    officeholder_id INTEGER NOT NULL REFERENCES officeholders(id),
    user_id         INTEGER NULL REFERENCES users(id),
    display_name    TEXT NOT NULL,
    starts_on       TEXT NOT NULL,
    ends_on         TEXT NULL,
    version         INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT ck_trustees_period CHECK (ends_on IS NULL OR ends_on >= starts_on)
);
CREATE INDEX ix_trustees_officeholder ON trustees(officeholder_id);
CREATE INDEX ix_trustees_user ON trustees(user_id);
