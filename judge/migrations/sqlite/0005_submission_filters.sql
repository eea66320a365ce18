-- Interviewers list submissions by problem and by verdict, newest first.
CREATE INDEX submissions_by_problem ON submissions (problem, seq);
CREATE INDEX submissions_by_verdict ON submissions (verdict, seq);
