-- The table of migrations/sqlite/V6__series_cache.sql: per actor (upper case, '' for none)
-- the standing claims naming it and the summary of its series tally-app last computed,
-- valid while `summary_version` equals `version`.
CREATE TABLE series_cache (
    actor TEXT PRIMARY KEY,
    n_claims BIGINT NOT NULL DEFAULT 0,
    version BIGINT NOT NULL DEFAULT 1,
    summary TEXT,
    summary_version BIGINT
);

INSERT INTO series_cache (actor, n_claims)
SELECT upper(coalesce(actor, '')), COUNT(*) FROM claims WHERE superseded_at IS NULL GROUP BY 1;
