-- Queued one-shot runs: Judge0 submissions (source + stdin, optionally an
-- expected output), judged by the same workers as problem submissions.
-- Expand only: a new table and a new column with a default, so the previous
-- release keeps working on this schema.

CREATE TABLE runs (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    token        TEXT NOT NULL UNIQUE,
    owner        TEXT NOT NULL,                     -- api_keys.id
    request      TEXT NOT NULL,                     -- JSON: the checked request
    state        TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done')),
    result       TEXT,                              -- JSON, once done
    claims       INTEGER NOT NULL DEFAULT 0,
    lease_owner  TEXT,
    lease_until  INTEGER,
    created_at   INTEGER NOT NULL,
    finished_at  INTEGER
);
CREATE INDEX runs_by_state ON runs (state, seq);
CREATE INDEX runs_by_owner ON runs (owner, seq);

-- Webhooks now report submissions or Judge0 runs (PUT, in Judge0's shape).
ALTER TABLE webhooks ADD COLUMN kind TEXT NOT NULL DEFAULT 'submission';
