-- Live pads: an interview's shared documents. Each pad has two links, the
-- candidate's and the interviewers', whose tokens are the credentials (shown
-- again to interviewers in the pad list, like any share link). Every update
-- of a pad's documents ("code", the interviewers' private "notes", and the
-- server-written "state": language, runs) is
-- kept in order with its time: loading replays them, and replay reads them.
CREATE TABLE pads (
    seq               INTEGER PRIMARY KEY AUTOINCREMENT, -- listing order and cursor
    id                TEXT NOT NULL UNIQUE,
    title             TEXT NOT NULL,
    candidate_name    TEXT NOT NULL,
    problem           TEXT,
    language          TEXT NOT NULL,
    created_by        TEXT NOT NULL,                     -- the interviewer's key id
    candidate_token   TEXT NOT NULL UNIQUE,
    interviewer_token TEXT NOT NULL UNIQUE,
    created_at        INTEGER NOT NULL,
    ended_at          INTEGER
);
CREATE INDEX pads_by_state ON pads (ended_at, seq);

CREATE TABLE pad_updates (
    pad_id TEXT NOT NULL REFERENCES pads (id),
    room   TEXT NOT NULL CHECK (room IN ('code', 'notes', 'state')),
    seq    INTEGER NOT NULL,
    data   BLOB NOT NULL,                                -- a Yjs update (v1 encoding)
    at     INTEGER NOT NULL,
    PRIMARY KEY (pad_id, room, seq)
);
