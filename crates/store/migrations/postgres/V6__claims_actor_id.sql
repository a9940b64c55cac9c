-- Reads of one actor's claims page through them in id order (`ORDER BY c.id LIMIT`): with
-- the actor alone in the index, PostgreSQL walked the primary key and filtered, a scan of
-- the whole table per page once the ledger is large (6 s per actor over ten million claims,
-- issue 15). With the id after the actor, one index gives both the actor's claims and
-- their order. SQLite's index on lower(actor) holds the rowid already.
CREATE INDEX IF NOT EXISTS claims_actor_id ON claims (lower(actor), id) WHERE superseded_at IS NULL;
DROP INDEX IF EXISTS claims_actor;
