-- The ledger in PostgreSQL: the tables of migrations/sqlite/V1__ledger.sql, with days as
-- `date`, the ingestion time as `timestamptz`, identity keys, and full-text search as a
-- generated tsvector column with a GIN index (in place of SQLite's FTS5 table).

CREATE TABLE documents (
    -- Ingestion order.
    doc_key         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- SHA-256 (hex) of the normalized text: the document's identity. Concurrent ingests
    -- meet here: `INSERT … ON CONFLICT (hash) DO NOTHING`.
    hash            TEXT NOT NULL UNIQUE,
    -- The document's own id (file name, JSONL id); claims name it as `doc`.
    doc_id          TEXT NOT NULL,
    url             TEXT,
    title           TEXT,
    publisher       TEXT,
    lang            TEXT,
    published       DATE,
    ingested_at     TIMESTAMPTZ NOT NULL,
    -- The grammar version that made its claims.
    grammar_version TEXT NOT NULL,
    text            TEXT NOT NULL,
    -- Words of the title and of the first 200,000 characters of the text, unstemmed like
    -- SQLite's unicode61 tokenizer (a tsvector holds at most 1 MB).
    search          TSVECTOR GENERATED ALWAYS AS (
        to_tsvector('simple'::regconfig, coalesce(title, '') || ' ' || left(text, 200000))
    ) STORED
);

CREATE INDEX documents_doc_id ON documents (doc_id);
CREATE INDEX documents_grammar_version ON documents (grammar_version);
CREATE INDEX documents_search ON documents USING GIN (search);

CREATE TABLE claims (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    document_hash    TEXT NOT NULL REFERENCES documents (hash) ON DELETE CASCADE,
    doc              TEXT NOT NULL,
    kind             TEXT NOT NULL,
    low              DOUBLE PRECISION,
    high             DOUBLE PRECISION,
    approx           BOOLEAN NOT NULL,
    qualifier        TEXT NOT NULL,
    metric           TEXT NOT NULL,
    increment        BOOLEAN NOT NULL,
    of_metric        TEXT,
    actor            TEXT,
    role             TEXT NOT NULL,
    source           TEXT,
    as_of_first      DATE,
    as_of_last       DATE,
    stated           DATE,
    confidence       TEXT,
    probability_low  DOUBLE PRECISION,
    probability_high DOUBLE PRECISION,
    modality         TEXT NOT NULL,
    -- Evidence: which field the spans point into, the byte spans, the sentence's text.
    evidence_field   TEXT NOT NULL,
    sentence_start   BIGINT NOT NULL,
    sentence_end     BIGINT NOT NULL,
    number_start     BIGINT NOT NULL,
    number_end       BIGINT NOT NULL,
    sentence         TEXT NOT NULL,
    -- The rule ids, in the order they applied, separated by single spaces.
    rules            TEXT NOT NULL,
    grammar_version  TEXT NOT NULL
);

CREATE INDEX claims_document_hash ON claims (document_hash);
CREATE INDEX claims_actor ON claims (lower(actor));
CREATE INDEX claims_metric ON claims (metric);
