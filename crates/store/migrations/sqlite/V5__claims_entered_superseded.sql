-- The ledger as it stood (issue 16): a claim keeps when it entered the ledger and, once a
-- re-extraction by a newer grammar supersedes it, when it stopped standing; it is never
-- deleted. A claim stands at a moment T when entered_at <= T and superseded_at is NULL or
-- later than T. Times are RFC 3339 text in UTC with six digits of fraction
-- ('2025-03-28T09:15:02.250000Z'), so that they compare as times in SQL.
ALTER TABLE claims ADD COLUMN entered_at TEXT;
ALTER TABLE claims ADD COLUMN superseded_at TEXT;

-- Claims stored before this migration entered the ledger with their document (the
-- ingestion time, to the millisecond); none was superseded (re-extraction deleted them).
UPDATE claims SET entered_at = (
    SELECT strftime('%Y-%m-%dT%H:%M:%f', d.ingested_at) || '000Z'
    FROM documents d WHERE d.hash = claims.document_hash
);

-- The claims a reader sees now are those standing (superseded_at IS NULL): the filters'
-- indexes hold only those, so that superseded rows do not slow the reads of today. A read
-- as of a past moment scans the claims of each document or of the ledger.
DROP INDEX claims_actor;
CREATE INDEX claims_actor ON claims (lower(actor)) WHERE superseded_at IS NULL;
DROP INDEX claims_metric;
CREATE INDEX claims_metric ON claims (metric) WHERE superseded_at IS NULL;
DROP INDEX claims_scope;
CREATE INDEX claims_scope ON claims (scope) WHERE superseded_at IS NULL;
