-- Browser sessions: a key pasted once is exchanged for a session, carried
-- by an HttpOnly cookie. Only a hash of the cookie's secret is kept; each
-- session has its own CSRF token. A session ends at its expiry, at sign-out,
-- or when its key is revoked.
CREATE TABLE sessions (
    secret_hash TEXT PRIMARY KEY,                 -- sha256 of the cookie's value, hex
    key_id      TEXT NOT NULL REFERENCES api_keys(id),
    csrf_token  TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL
);
CREATE INDEX sessions_by_expiry ON sessions (expires_at);
