-- The tables of migrations/sqlite/V4__reviews_grades.sql: reviews of claims and grades of
-- sources, each a row of its own, with times as `timestamptz`.
CREATE TABLE reviews (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    claim_id       BIGINT NOT NULL,
    document_hash  TEXT NOT NULL REFERENCES documents (hash),
    evidence_field TEXT NOT NULL,
    number_start   BIGINT NOT NULL,
    number_end     BIGINT NOT NULL,
    reviewer       TEXT NOT NULL,
    reviewed_at    TIMESTAMPTZ NOT NULL,
    action         TEXT NOT NULL,
    changes        TEXT NOT NULL,
    reason         TEXT NOT NULL
);

CREATE INDEX reviews_document_hash ON reviews (document_hash);

CREATE TABLE source_grades (
    id        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source    TEXT NOT NULL,
    grade     TEXT NOT NULL CHECK (grade IN ('A', 'B', 'C', 'D', 'E', 'F')),
    grader    TEXT NOT NULL,
    graded_at TIMESTAMPTZ NOT NULL,
    reason    TEXT NOT NULL
);

CREATE INDEX source_grades_source ON source_grades (source);
