-- 0700: sign-in sessions. Every access token and sign-in cookie names one session (claim "sid");
-- the server checks it on every request, so signing out, deactivating a user or changing their roles
-- ends access within a minute (BIO 9.2.6: access rights removed when no longer needed).
-- fingerprint: SHA-256 of the user's roles, department and officeholders when the session began.
-- Times are Unix seconds (UTC) on both providers.
CREATE TABLE auth_sessions (
    id           TEXT PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    fingerprint  TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    revoked_at   INTEGER NULL
);
CREATE INDEX ix_auth_sessions_user ON auth_sessions(user_id);
CREATE INDEX ix_auth_sessions_expires ON auth_sessions(expires_at);
