-- The scope of a figure (a running total, a count over a period, or one incident), where it
-- happened (the place as written and, when the gazetteer knows it, its canonical name,
-- country, first-level region and coordinates), the subgroup it counts ("children") and,
-- for a part of another figure ("including 18,592 children"), the number span of the whole.
-- Claims stored before this migration are running totals until they are re-extracted.
ALTER TABLE claims ADD COLUMN scope TEXT NOT NULL DEFAULT 'total';
ALTER TABLE claims ADD COLUMN place_text TEXT;
ALTER TABLE claims ADD COLUMN place_name TEXT;
ALTER TABLE claims ADD COLUMN place_country TEXT;
ALTER TABLE claims ADD COLUMN place_region TEXT;
ALTER TABLE claims ADD COLUMN place_lat REAL;
ALTER TABLE claims ADD COLUMN place_lon REAL;
ALTER TABLE claims ADD COLUMN subgroup TEXT;
ALTER TABLE claims ADD COLUMN part_of_start INTEGER;
ALTER TABLE claims ADD COLUMN part_of_end INTEGER;
CREATE INDEX claims_scope ON claims (scope);
