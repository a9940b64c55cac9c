-- What analysts add: reviews of claims and grades of sources, each a row of its own (the
-- claims are never edited). A review names the claim it was made on and, so that it
-- outlives re-extraction (which replaces claims), that claim's document and number span:
-- a new claim with the same document and span takes the review over.
CREATE TABLE reviews (
    id             INTEGER PRIMARY KEY,
    claim_id       BIGINT NOT NULL,
    document_hash  TEXT NOT NULL REFERENCES documents (hash),
    evidence_field TEXT NOT NULL,
    number_start   BIGINT NOT NULL,
    number_end     BIGINT NOT NULL,
    -- Who (`--by`, $TALLY_USER or the OS user) and when (RFC 3339, UTC).
    reviewer       TEXT NOT NULL,
    reviewed_at    TEXT NOT NULL,
    -- confirm, reject or correct.
    action         TEXT NOT NULL,
    -- What changed, as JSON: {"actor": {"from": "RUS", "to": "UKR"}}.
    changes        TEXT NOT NULL,
    reason         TEXT NOT NULL
);

CREATE INDEX reviews_document_hash ON reviews (document_hash);

-- Grades of sources on the Admiralty scale (A completely reliable … F cannot be judged);
-- the latest grade of a source is its grade, the earlier ones its history.
CREATE TABLE source_grades (
    id        INTEGER PRIMARY KEY,
    source    TEXT NOT NULL,
    grade     TEXT NOT NULL CHECK (grade IN ('A', 'B', 'C', 'D', 'E', 'F')),
    grader    TEXT NOT NULL,
    graded_at TEXT NOT NULL,
    reason    TEXT NOT NULL
);

CREATE INDEX source_grades_source ON source_grades (source);
