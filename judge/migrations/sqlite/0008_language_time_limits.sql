-- Time limits per language: an uploaded package's limits derived from its
-- accepted submissions in each language, as a JSON object of language id to
-- seconds (`time_limit` stays the base, C++'s). NULL when the package gives
-- its own limit, or for packages uploaded before this.
ALTER TABLE problems ADD COLUMN language_time_limits TEXT;
