-- Who is running a pad's code now: one run or submission at a time per
-- pad, whichever API process starts it, held with a lease (a fencing token
-- and a deadline the holder renews). A run whose process died frees its
-- pad when the lease runs out. (Expand only: nothing reads it before.)
CREATE TABLE pad_runs (
    pad_id   TEXT PRIMARY KEY,
    lease    TEXT NOT NULL,
    until_ms BIGINT NOT NULL
);
