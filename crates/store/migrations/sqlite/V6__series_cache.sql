-- Reads that scale (issue 15): one row per actor (upper case, '' for none) holding how many
-- standing claims name it as extracted, kept up to date by every write, and the summary of
-- its series that tally-app last computed (JSON), valid while `summary_version` equals
-- `version`. Every write that may change an actor's series adds one to its `version`
-- (reviews, grades and re-extraction: to every row), so a summary is never read stale;
-- the overview and the series list read this table instead of every claim.
CREATE TABLE series_cache (
    actor TEXT PRIMARY KEY NOT NULL,
    n_claims INTEGER NOT NULL DEFAULT 0,
    version INTEGER NOT NULL DEFAULT 1,
    summary TEXT,
    summary_version INTEGER
);

INSERT INTO series_cache (actor, n_claims)
SELECT upper(coalesce(actor, '')), COUNT(*) FROM claims WHERE superseded_at IS NULL GROUP BY 1;
