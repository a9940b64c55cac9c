-- The columns of migrations/sqlite/V5__claims_entered_superseded.sql, as `timestamptz`: when
-- a claim entered the ledger and when a re-extraction by a newer grammar superseded it
-- (NULL while it stands). Nothing is deleted; a claim stands at a moment T when
-- entered_at <= T and superseded_at is NULL or later than T.
ALTER TABLE claims ADD COLUMN entered_at TIMESTAMPTZ;
ALTER TABLE claims ADD COLUMN superseded_at TIMESTAMPTZ;

-- Claims stored before this migration entered the ledger with their document.
UPDATE claims c SET entered_at = d.ingested_at FROM documents d WHERE d.hash = c.document_hash;
ALTER TABLE claims ALTER COLUMN entered_at SET NOT NULL;

-- The filters' indexes hold the standing claims only, what every read of today asks for.
DROP INDEX claims_actor;
CREATE INDEX claims_actor ON claims (lower(actor)) WHERE superseded_at IS NULL;
DROP INDEX claims_metric;
CREATE INDEX claims_metric ON claims (metric) WHERE superseded_at IS NULL;
DROP INDEX claims_scope;
CREATE INDEX claims_scope ON claims (scope) WHERE superseded_at IS NULL;
