-- The columns of migrations/sqlite/V3__claims_scope_place.sql: scope, place, subgroup and
-- the number span of the figure a part belongs to. Claims stored before this migration are
-- running totals until they are re-extracted.
ALTER TABLE claims ADD COLUMN scope TEXT NOT NULL DEFAULT 'total';
ALTER TABLE claims ADD COLUMN place_text TEXT;
ALTER TABLE claims ADD COLUMN place_name TEXT;
ALTER TABLE claims ADD COLUMN place_country TEXT;
ALTER TABLE claims ADD COLUMN place_region TEXT;
ALTER TABLE claims ADD COLUMN place_lat DOUBLE PRECISION;
ALTER TABLE claims ADD COLUMN place_lon DOUBLE PRECISION;
ALTER TABLE claims ADD COLUMN subgroup TEXT;
ALTER TABLE claims ADD COLUMN part_of_start BIGINT;
ALTER TABLE claims ADD COLUMN part_of_end BIGINT;
CREATE INDEX claims_scope ON claims (scope);
