-- 0710: local accounts (ASP.NET Core Identity's UserManager keeps them): one row per registry user that may sign in
-- with a password. password_hash is Identity's PBKDF2 hash (never the password); failed_count and lockout_end (Unix
-- seconds, UTC) give the lockout after 5 failed attempts; authenticator_key is the TOTP secret of the optional second
-- factor (two_factor 1 = required at sign-in). security_stamp changes with every password or second-factor change.
CREATE TABLE local_accounts (
    user_id           INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    password_hash     TEXT NULL,
    security_stamp    TEXT NOT NULL,
    failed_count      INTEGER NOT NULL DEFAULT 0,
    lockout_end       INTEGER NULL,
    authenticator_key TEXT NULL,
    two_factor        INTEGER NOT NULL DEFAULT 0,
    updated_at        INTEGER NOT NULL
);
