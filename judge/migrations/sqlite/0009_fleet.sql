-- What the processes sharing a database share, kept alike on both engines
-- (the embedded judge, one process, keeps its secret in the data dir and
-- compiles into its own cache, as before).

-- Secrets every process must agree on (the webhook signing secret).
CREATE TABLE secrets (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Compiled wasm, by the compile cache's content key.
CREATE TABLE artifacts (
    key        TEXT PRIMARY KEY,
    wasm       BLOB NOT NULL,
    bytes      INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    used_at    INTEGER NOT NULL
);
CREATE INDEX artifacts_by_use ON artifacts (used_at);

-- Pad presence messages too large for a notification's payload (used on
-- PostgreSQL, where API processes tell each other of presence).
CREATE TABLE pad_presence (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    message BLOB NOT NULL,
    at      INTEGER NOT NULL
);
