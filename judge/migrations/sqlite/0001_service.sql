-- The service's first schema. Migrations are append-only and written
-- expand-then-contract: a new column or table first (old code ignores it),
-- code that uses it next, and only then, in a later migration, a drop.
-- Times are Unix milliseconds (INTEGER); ids are text.

CREATE TABLE api_keys (
    id          TEXT PRIMARY KEY,                 -- public id: the key's prefix
    name        TEXT NOT NULL,
    role        TEXT NOT NULL CHECK (role IN ('candidate', 'interviewer', 'admin')),
    secret_hash TEXT NOT NULL UNIQUE,             -- sha256 of the whole key, hex
    created_at  INTEGER NOT NULL,
    revoked_at  INTEGER
);

CREATE TABLE submissions (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT, -- queue order and the pagination cursor
    id           TEXT NOT NULL UNIQUE,
    owner        TEXT NOT NULL,                     -- api_keys.id
    problem      TEXT NOT NULL,
    language     TEXT NOT NULL,
    source       TEXT NOT NULL,
    state        TEXT NOT NULL CHECK (state IN ('queued', 'compiling', 'running', 'done')),
    verdict      TEXT,
    score        REAL,
    max_score    REAL,
    report       TEXT,                              -- JSON: the full pipeline report
    callback_url TEXT,
    request_id   TEXT,
    claims       INTEGER NOT NULL DEFAULT 0,        -- how many times a worker took it
    lease_owner  TEXT,
    lease_until  INTEGER,
    created_at   INTEGER NOT NULL,
    started_at   INTEGER,
    finished_at  INTEGER
);
CREATE INDEX submissions_by_state ON submissions (state, seq);
CREATE INDEX submissions_by_owner ON submissions (owner, seq);

-- Progress of each submission, in order: what the events stream replays.
CREATE TABLE submission_events (
    submission_id TEXT NOT NULL,
    seq           INTEGER NOT NULL,
    kind          TEXT NOT NULL,                    -- state, test, done
    data          TEXT NOT NULL,                    -- JSON
    created_at    INTEGER NOT NULL,
    PRIMARY KEY (submission_id, seq)
);

CREATE TABLE idempotency_keys (
    key_id          TEXT NOT NULL,                  -- api_keys.id: keys are per client
    idempotency_key TEXT NOT NULL,
    request_hash    TEXT NOT NULL,                  -- sha256 of the request body
    status          INTEGER NOT NULL,
    response        TEXT NOT NULL,                  -- JSON body first returned
    created_at      INTEGER NOT NULL,
    PRIMARY KEY (key_id, idempotency_key)
);

-- Webhooks to deliver (an outbox written with the verdict) and each attempt.
CREATE TABLE webhooks (
    submission_id   TEXT PRIMARY KEY,
    url             TEXT NOT NULL,
    state           TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    last_error      TEXT
);
CREATE INDEX webhooks_due ON webhooks (state, next_attempt_at);

CREATE TABLE webhook_attempts (
    submission_id TEXT NOT NULL,
    attempt       INTEGER NOT NULL,
    at            INTEGER NOT NULL,
    status        INTEGER,                          -- HTTP status, when one came back
    error         TEXT,
    PRIMARY KEY (submission_id, attempt)
);

-- Uploaded problem packages: the zip itself, so any process can unpack it.
CREATE TABLE problems (
    slug          TEXT PRIMARY KEY,
    package       BLOB NOT NULL,
    sha256        TEXT NOT NULL,
    time_limit    REAL,                             -- derived at upload when problem.yaml has none
    uploaded_by   TEXT NOT NULL,
    created_at    INTEGER NOT NULL
);
