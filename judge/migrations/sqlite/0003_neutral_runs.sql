-- Runs are kept in the judge's own terms: a job (what to run) and a record
-- (what it came to, with a status such as 'time_limit'), no longer Judge0's
-- request and status ids; Judge0's shape is made when a run is shown. The
-- Judge0 request rides along in the job's `client` field. Rewrites the rows
-- an earlier release wrote. (A queued run's command-line arguments were
-- kept as one string; such a run, if any is queued during the upgrade,
-- runs without them.)

UPDATE runs SET request = json_object(
    'language', json_extract(request, '$.language'),
    'source', json_extract(request, '$.source_code'),
    'stdin', COALESCE(json_extract(request, '$.stdin'), ''),
    'expected_output', json_extract(request, '$.expected_output'),
    'args', json('[]'),
    'cpu_seconds', json_extract(request, '$.cpu_time_limit'),
    'wall_seconds', json_extract(request, '$.wall_time_limit'),
    'memory_bytes', json_extract(request, '$.memory_limit') * 1024,
    'output_bytes', json_extract(request, '$.max_file_size') * 1024,
    'merge_stderr', json(CASE WHEN json_extract(request, '$.redirect_stderr_to_stdout') THEN 'true' ELSE 'false' END),
    'callback_url', json_extract(request, '$.callback_url'),
    'client', json(request)
) WHERE json_extract(request, '$.source_code') IS NOT NULL;

UPDATE runs SET result = json_object(
    'status', CASE json_extract(result, '$.status_id')
        WHEN 3 THEN 'accepted'
        WHEN 4 THEN 'wrong_answer'
        WHEN 5 THEN 'time_limit'
        WHEN 6 THEN 'compile_error'
        WHEN 7 THEN 'crashed'
        WHEN 8 THEN 'output_limit'
        WHEN 9 THEN 'arithmetic_error'
        WHEN 10 THEN 'aborted'
        WHEN 11 THEN 'non_zero_exit'
        WHEN 12 THEN 'memory_limit'
        WHEN 14 THEN 'unsupported_import'
        ELSE 'internal_error' END,
    'stdout', json_extract(result, '$.stdout'),
    'stderr', json_extract(result, '$.stderr'),
    'compile_output', json_extract(result, '$.compile_output'),
    'message', json_extract(result, '$.message'),
    'time_seconds', json_extract(result, '$.time'),
    'wall_seconds', json_extract(result, '$.wall_time'),
    'memory_bytes', json_extract(result, '$.memory') * 1024,
    'exit_code', json_extract(result, '$.exit_code')
) WHERE json_extract(result, '$.status_id') IS NOT NULL;

UPDATE webhooks SET kind = 'run' WHERE kind = 'judge0';
