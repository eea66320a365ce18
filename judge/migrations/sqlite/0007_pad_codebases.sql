-- Programs of several files (a pad's codebase, a directory submission): the
-- files beside the main source, as a JSON array of {"name", "content"};
-- NULL for a program of one file.
ALTER TABLE submissions ADD COLUMN files TEXT;

-- A compacted pad document: its state up to `upto_seq` as one Yjs update.
-- Loading reads it and the updates after it; the raw log stays (replay
-- reads it) for the pad's retention.
CREATE TABLE pad_snapshots (
    pad_id   TEXT NOT NULL REFERENCES pads (id),
    room     TEXT NOT NULL CHECK (room IN ('code', 'notes', 'state')),
    upto_seq INTEGER NOT NULL,
    data     BLOB NOT NULL,
    at       INTEGER NOT NULL,
    PRIMARY KEY (pad_id, room)
);
