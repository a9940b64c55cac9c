-- Claims are filtered by actor ignoring case (`lower(c.actor) = lower(?)`), as on
-- PostgreSQL: index the expression the queries use, so that the filter need not scan.
DROP INDEX claims_actor;
CREATE INDEX claims_actor ON claims (lower(actor));
