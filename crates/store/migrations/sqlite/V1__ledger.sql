-- The ledger: documents (identity = SHA-256 of the normalized text) and the claims made
-- from them. Dates are ISO 8601 text ('YYYY-MM-DD'); they compare as dates in SQL.
-- Everything but the full-text index is plain SQL that PostgreSQL also runs.

CREATE TABLE documents (
    -- The key of the full-text index.
    doc_key         INTEGER PRIMARY KEY,
    -- SHA-256 (hex) of the normalized text: the document's identity.
    hash            TEXT NOT NULL UNIQUE,
    -- The document's own id (file name, JSONL id); claims name it as `doc`.
    doc_id          TEXT NOT NULL,
    url             TEXT,
    title           TEXT,
    publisher       TEXT,
    lang            TEXT,
    published       TEXT,
    -- When it was ingested (RFC 3339, UTC).
    ingested_at     TEXT NOT NULL,
    -- The grammar version that made its claims.
    grammar_version TEXT NOT NULL,
    text            TEXT NOT NULL
);

CREATE INDEX documents_doc_id ON documents (doc_id);
CREATE INDEX documents_grammar_version ON documents (grammar_version);

CREATE TABLE claims (
    id               INTEGER PRIMARY KEY,
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
    as_of_first      TEXT,
    as_of_last       TEXT,
    stated           TEXT,
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
CREATE INDEX claims_actor ON claims (actor);
CREATE INDEX claims_metric ON claims (metric);

-- Full-text search over titles and texts (SQLite only), kept in step by the backend.
CREATE VIRTUAL TABLE documents_fts USING fts5 (
    title, text, content = 'documents', content_rowid = 'doc_key'
);
