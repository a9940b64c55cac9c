//! The OpenAPI 3.1 description of the API, served at `/api/openapi.json`.

use serde_json::{json, Value};

/// A query parameter.
fn param(name: &str, description: &str, schema: Value, required: bool) -> Value {
    json!({ "name": name, "in": "query", "required": required, "description": description, "schema": schema })
}

fn string() -> Value {
    json!({ "type": "string" })
}

fn date() -> Value {
    json!({ "type": "string", "format": "date" })
}

fn metric() -> Value {
    json!({ "type": "string", "enum": ["killed", "wounded", "casualties", "captured", "missing", "deployed", "displaced", "detained", "equipment_lost", "other"] })
}

fn role() -> Value {
    json!({ "type": "string", "enum": ["military", "civilian", "unspecified"] })
}

fn grade() -> Value {
    json!({ "type": "string", "enum": ["A", "B", "C", "D", "E", "F"] })
}

fn scope() -> Value {
    json!({ "type": "string", "enum": ["total", "period", "event"] })
}

/// A JSON answer of a schema.
fn ok(description: &str, schema: &str) -> Value {
    json!({ "description": description, "content": { "application/json": { "schema": { "$ref": format!("#/components/schemas/{schema}") } } } })
}

fn error(description: &str) -> Value {
    ok(description, "Error")
}

/// The series parameters of `/api/estimate` and `/api/timeline`.
/// A claim's subgroup.
fn group() -> Value {
    json!({ "type": "string", "description": "The subgroup counted (children, journalists, aid seekers…), absent for everyone" })
}

/// The figure a claim is part of.
fn part_of() -> Value {
    json!({ "type": "object", "description": "The number span of the figure of the same document this one is part of (\"including 18,592 children\")" })
}

fn series_params() -> Vec<Value> {
    vec![
        param(
            "actor",
            "Who is counted: an ISO 3166-1 alpha-3 code (PRK, UKR) or a slug, or a name the gazetteer knows (North Korea, DPRK)",
            string(),
            true,
        ),
        param("metric", "What is counted", metric(), true),
        param(
            "role",
            "The role [default: the role with most claims of the actor and metric]",
            role(),
            false,
        ),
        param(
            "scope",
            "total (a running toll, a force's size) or period (counts over stated stretches, compared only with counts of the same stretch); event figures are incidents (/api/incidents)",
            json!({ "type": "string", "enum": ["total", "period"], "default": "total" }),
            false,
        ),
        param(
            "group",
            "A subgroup counted within the actor and role (children, women, journalists, health workers, aid workers…), whose series is its own [default: everyone]",
            string(),
            false,
        ),
        param(
            "published_by",
            "Only the documents published on or before this day: what an analyst could have known then",
            date(),
            false,
        ),
        param(
            "min_grade",
            "Leave out the sources graded below this on the Admiralty scale (an ungraded source counts as F)",
            grade(),
            false,
        ),
        known_on(),
    ]
}

/// The `known_on` parameter of every read.
fn known_on() -> Value {
    param(
        "known_on",
        "The ledger exactly as it stood at this moment (its claims, reviews and grades, made by the grammar of then): RFC 3339 with an offset, a date and time in UTC (YYYY-MM-DDTHH:MM[:SS]), or a day for the end of that day in UTC",
        string(),
        false,
    )
}

/// The `published_by` parameter of the series list and incidents.
fn published_by() -> Value {
    param(
        "published_by",
        "Only the documents published on or before this day: what an analyst could have known then",
        date(),
        false,
    )
}

/// The description.
pub fn openapi() -> Value {
    let claim_filters = vec![
        param("actor", "Who is counted: an ISO 3166-1 alpha-3 code or a slug, ignoring case, or a name the gazetteer knows (North Korea, DPRK)", string(), false),
        param("metric", "What is counted", metric(), false),
        param("role", "military, civilian or unspecified", role(), false),
        param("scope", "total, period or event", scope(), false),
        param("place", "Part of the place's name as written or canonical, or its country code", string(), false),
        param("source", "Part of the source's name, ignoring case", string(), false),
        param("since", "Claims whose dates (as of, else stated, else published) reach this day or later", date(), false),
        param("until", "Claims whose dates start on this day or earlier", date(), false),
        param("doc", "A document id or the start of a document hash", string(), false),
        param("text", "Full-text search over the documents' titles and texts (words, \"phrases\", prefix*, AND, OR, NOT)", string(), false),
        param("published_by", "Only claims of documents published on or before this day (documents with no publication day are left out)", date(), false),
        known_on(),
        param("offset", "Claims to skip", json!({ "type": "integer", "minimum": 0, "default": 0 }), false),
        param("limit", "Claims per page", json!({ "type": "integer", "minimum": 1, "maximum": 1000, "default": 50 }), false),
    ];
    let mut estimate_params = series_params();
    estimate_params.push(param(
        "at",
        "The day [default: the last day a figure of the series is placed at]",
        date(),
        false,
    ));
    estimate_params.push(param(
        "of",
        "Give the series as a share of this metric of the same actor and role",
        metric(),
        false,
    ));
    let mut timeline_params = series_params();
    timeline_params.push(param(
        "until",
        "The last day [default: every day]",
        date(),
        false,
    ));
    let id_param = |description: &str| json!({ "name": "id", "in": "path", "required": true, "description": description, "schema": string() });
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "tally",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "A sourced ledger of the casualty and force figures in conflict reporting, and their reconciliation. Reads are open; the writes (POST /api/documents, POST /api/claims/{id}/review, POST /api/sources/grade) need `Authorization: Bearer TOKEN` (the token of `tally serve --token`) and is refused (403) when the server has none. Errors are `{\"error\": message}` with a 4xx or 5xx status. The JSON of estimates and timelines is described in docs/reconcile.md.",
            "license": { "name": "MIT OR Apache-2.0" }
        },
        "paths": {
            "/api/claims": { "get": {
                "summary": "The claims the filters let through, in id order, one page at a time",
                "parameters": claim_filters,
                "responses": { "200": ok("A page; `next` is the offset of the next page, or null", "ClaimsPage"), "400": error("A bad parameter or text query") }
            } },
            "/api/claims/{id}": { "get": {
                "summary": "One claim",
                "parameters": [id_param("The claim's ledger id")],
                "responses": { "200": ok("The claim", "Claim"), "400": error("Not a number"), "404": error("No such claim") }
            } },
            "/api/claims/{id}/explain": { "get": {
                "summary": "Why the ledger holds a claim: its sentence, fields, source phrase, dates with their rules, time expressions and rules (what `tally explain` prints)",
                "parameters": [id_param("The claim's ledger id")],
                "responses": { "200": ok("The explanation", "Explanation"), "400": error("Not a number"), "404": error("No such claim") }
            } },
            "/api/claims/{id}/review": { "post": {
                "summary": "Review a claim: confirm it, reject it (it leaves every listing, series and export) or set fields (what `tally review` does). The review is stored as a row of its own (who, when, what changed, why); readers see the reviewed values; a review follows its claim across re-extraction by document and number span",
                "security": [{ "bearer": [] }],
                "parameters": [id_param("The claim's ledger id")],
                "requestBody": { "required": true, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/ReviewRequest" } } } },
                "responses": {
                    "201": ok("The review stored, and the claim as readers now see it", "ReviewAnswer"),
                    "400": error("Not one of confirm, reject or set; an unknown field or a value that cannot be read (the message lists the valid values); no reason to reject or correct"),
                    "401": error("No token, or the wrong one"),
                    "403": error("The server accepts no writes (started without --token)"),
                    "404": error("No such claim")
                }
            } },
            "/api/sources": { "get": {
                "summary": "Every canonical source with its record (claims, series, documents, first and last statement, totals revised down, figures outside the other sources' range, median distance from the best estimate) and its latest grade (what `tally sources` lists)",
                "parameters": [published_by(), known_on()],
                "responses": { "200": ok("The sources", "SourceList") }
            } },
            "/api/sources/grade": { "post": {
                "summary": "Grade a source's reliability on the Admiralty scale (A completely reliable, B usually reliable, C fairly reliable, D not usually reliable, E unreliable, F cannot be judged); a row with who, when and why, the latest counting. Estimates weigh a source's figures by its grade (docs in tally-reconcile: A 1.5, B 1.25, C 1, D 0.75, E 0.5, F or ungraded 1)",
                "security": [{ "bearer": [] }],
                "requestBody": { "required": true, "content": { "application/json": { "schema": { "type": "object", "required": ["source", "grade", "reason"], "properties": {
                    "source": string(), "grade": grade(), "reason": string(), "by": string()
                } } } } },
                "responses": {
                    "201": { "description": "The grade stored: id, source, grade, by, at, reason" },
                    "400": error("An unknown grade or source (the message names the valid ones), or no reason"),
                    "401": error("No token, or the wrong one"),
                    "403": error("The server accepts no writes (started without --token)")
                }
            } },
            "/api/series": { "get": {
                "summary": "Every series (actor, role, metric) with its claims, assertions, sources and dates",
                "parameters": [
                    param("actor", "Only this actor's series", string(), false),
                    param("min_assertions", "Only series with at least this many assertions", json!({ "type": "integer", "minimum": 0, "default": 1 }), false),
                    published_by(),
                    known_on(),
                    param("offset", "Series to skip", json!({ "type": "integer", "minimum": 0, "default": 0 }), false),
                    param("limit", "Series per answer", json!({ "type": "integer", "minimum": 1, "maximum": 1000, "default": 1000 }), false)
                ],
                "responses": { "200": ok("The series, a page of at most `limit`", "SeriesList"), "400": error("A bad parameter"), "413": error("A read as of a past moment or day over more claims than one read may reconcile") }
            } },
            "/api/estimate": { "get": {
                "summary": "A series at a day: each source's latest figure, the envelope, the low / best / high estimate, contradictions, derived figures; with `of`, its share of another series",
                "parameters": estimate_params,
                "responses": { "200": ok("The estimate (or share), as `tally estimate --format json`", "Estimate"), "400": error("A missing or bad parameter"), "404": error("No dated claim of the series") }
            } },
            "/api/timeline": { "get": {
                "summary": "A series' estimate on every day a figure was placed, with every assertion",
                "parameters": timeline_params,
                "responses": { "200": ok("The timeline, as `tally timeline --format json`", "Timeline"), "400": error("A missing or bad parameter") }
            } },
            "/api/incidents": { "get": {
                "summary": "Event figures merged into incidents (one strike, one attack) with every report of them; with `per`, their sums per day, week or month as lower bounds",
                "parameters": [
                    param("actor", "Whose people: an ISO 3166-1 alpha-3 code or a slug, ignoring case, or a name the gazetteer knows", string(), false),
                    param("metric", "What is counted", metric(), false),
                    param("place", "Part of the place's name, or its country code", string(), false),
                    param("since", "Incidents on or after this day", date(), false),
                    param("until", "Incidents on or before this day", date(), false),
                    param("per", "Also sum the incidents per day, week or month (at least this many)", json!({ "type": "string", "enum": ["day", "week", "month"] }), false),
                    published_by(),
                    known_on()
                ],
                "responses": { "200": ok("The incidents (docs/reconcile.md)", "Incidents"), "400": error("A bad parameter") }
            } },
            "/api/documents": {
                "get": {
                    "summary": "Documents, in the order they were ingested; full-text search with `text`",
                    "parameters": [
                        param("text", "Words the title or text holds", string(), false),
                        param("doc", "A document id or the start of a hash", string(), false),
                        param("limit", "At most this many", json!({ "type": "integer", "minimum": 1, "maximum": 1000, "default": 50 }), false)
                    ],
                    "responses": { "200": ok("The documents", "DocumentList"), "400": error("A bad parameter or text query (past 1000 bytes, 32 terms, 4 prefix terms or 2 NEAR groups)"), "503": error("The query ran past its deadline (10 s)") }
                },
                "post": {
                    "summary": "Ingest the body: JSONL if it starts with `{`, an HTML page or a feed if with `<`, else one text document (a first line `date YYYY-MM-DD Title` dates it)",
                    "security": [{ "bearer": [] }],
                    "parameters": [
                        param("name", "The id of a text or HTML document [default: upload]", string(), false),
                        param("published", "The publication day of documents that give none", date(), false)
                    ],
                    "requestBody": { "required": true, "description": "At most 16 MiB, sent and decoded; `Content-Encoding: gzip` is decoded", "content": {
                        "text/plain": { "schema": string() }, "text/html": { "schema": string() }, "application/x-ndjson": { "schema": string() }
                    } },
                    "responses": {
                        "201": ok("Some documents were new", "IngestReport"),
                        "200": ok("Every document was present already", "IngestReport"),
                        "400": error("An empty body or a bad parameter"),
                        "401": error("No token, or the wrong one"),
                        "403": error("The server accepts no writes (started without --token)"),
                        "408": error("The body stalled for 10 s between two pieces"),
                        "413": error("The body is over 16 MiB (refused from its Content-Length before it is read)"),
                        "415": error("A Content-Encoding other than gzip"),
                        "503": error("The writer queue is full, or extraction ran past its deadline: try again after Retry-After seconds")
                    }
                }
            },
            "/api/documents/{id}": { "get": {
                "summary": "A document with its text and claims",
                "parameters": [id_param("The document's hash, or its id or the start of its hash when that names one document")],
                "responses": { "200": ok("The document", "Document"), "400": error("The id names several documents"), "404": error("No such document") }
            } },
            "/api/openapi.json": { "get": { "summary": "This description", "responses": { "200": { "description": "OpenAPI 3.1" } } } }
        },
        "components": {
            "securitySchemes": { "bearer": { "type": "http", "scheme": "bearer" } },
            "schemas": {
                "Error": { "type": "object", "required": ["error"], "properties": { "error": { "type": "string" } } },
                "Claim": {
                    "type": "object",
                    "description": "A claim with the field names of corpus/GOLD-FORMAT.md, plus its ledger `id` and its `document` hash",
                    "required": ["id", "document", "doc", "kind", "metric", "role", "evidence", "rules"],
                    "properties": {
                        "id": { "type": "integer" }, "document": { "type": "string" }, "doc": { "type": "string" },
                        "kind": { "type": "string", "enum": ["count", "fraction", "rate"] },
                        "low": { "type": ["number", "null"] }, "high": { "type": ["number", "null"] },
                        "metric": metric(), "actor": { "type": ["string", "null"] }, "role": role(),
                        "source": { "type": ["string", "null"] },
                        "as_of": { "type": ["array", "null"], "items": date() }, "stated": { "type": ["string", "null"] },
                        "confidence": { "type": ["string", "null"] },
                        "scope": scope(),
                        "group": group(), "part_of": part_of(),
                        "place": { "type": ["object", "null"], "properties": {
                            "text": string(), "name": { "type": ["string", "null"] }, "country": { "type": ["string", "null"] },
                            "region": { "type": ["string", "null"] }, "lat": { "type": ["number", "null"] }, "lon": { "type": ["number", "null"] }
                        } },
                        "evidence": { "type": "object" }, "rules": { "type": "array", "items": string() },
                        "reviewed": { "type": "array", "items": string(), "description": "Present on a reviewed claim: the fields a person set (the values above are theirs)" },
                        "review": { "type": "string", "enum": ["confirmed", "corrected", "rejected"], "description": "Present on a reviewed claim: the status of its latest review" }
                    }
                },
                "ReviewRequest": { "type": "object", "description": "Exactly one of confirm, reject or set", "properties": {
                    "confirm": { "type": "boolean" }, "reject": { "type": "boolean" },
                    "set": { "type": "object", "description": "Field to value, as `tally review --set`: value (5000, ~5000, 5000-6000, 5000+, <=5000), metric, actor, role, scope, place, source, as_of (YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD), stated, modality; null clears actor, place, source, as_of or stated",
                        "additionalProperties": { "type": ["string", "number", "null"] } },
                    "reason": { "type": "string", "description": "Required to reject or correct" },
                    "by": { "type": "string", "description": "Who reviews [default: the server's $TALLY_USER or user]" }
                } },
                "ReviewAnswer": { "type": "object", "properties": {
                    "review": { "type": "object", "properties": {
                        "id": { "type": "integer" }, "claim": { "type": "integer" }, "document": string(),
                        "number": { "type": "object" }, "by": string(), "at": string(),
                        "action": { "type": "string", "enum": ["confirm", "reject", "correct"] },
                        "changes": { "type": "object", "description": "Each field set: {\"from\": old, \"to\": new}" },
                        "reason": string()
                    } },
                    "claim": { "$ref": "#/components/schemas/Claim" }
                } },
                "SourceList": { "type": "object", "properties": { "sources": { "type": "array", "items": { "type": "object", "properties": {
                    "source": string(), "grade": { "type": ["string", "null"] }, "graded_by": { "type": ["string", "null"] },
                    "graded_at": { "type": ["string", "null"] }, "grade_reason": { "type": ["string", "null"] },
                    "n_claims": { "type": "integer" }, "n_series": { "type": "integer" }, "n_documents": { "type": "integer" },
                    "first": { "type": ["string", "null"] }, "last": { "type": ["string", "null"] },
                    "n_revised_down": { "type": "integer" }, "n_compared": { "type": "integer" }, "n_outside": { "type": "integer" },
                    "median_distance": { "type": ["number", "null"] }
                } } } } },
                "Incidents": { "type": "object", "required": ["incidents"], "properties": {
                    "incidents": { "type": "array", "items": { "type": "object", "properties": {
                        "actor": { "type": ["string", "null"] }, "role": role(), "metric": metric(),
                        "place": { "type": ["string", "null"] }, "country": { "type": ["string", "null"] },
                        "first": date(), "last": date(), "figure": { "type": "object" }, "approx": { "type": "boolean" },
                        "sources": { "type": "array", "items": string() }, "reports": { "type": "array" }
                    } } },
                    "totals": { "type": "array", "items": { "type": "object", "properties": {
                        "first": date(), "last": date(), "n_incidents": { "type": "integer" }, "at_least": { "type": "number" }
                    } } }
                } },
                "ClaimsPage": { "type": "object", "required": ["offset", "limit", "next", "claims"], "properties": {
                    "offset": { "type": "integer" }, "limit": { "type": "integer" }, "next": { "type": ["integer", "null"] },
                    "claims": { "type": "array", "items": { "$ref": "#/components/schemas/Claim" } }
                } },
                "Explanation": { "type": "object", "required": ["claim", "document", "sentence", "value", "rules"], "properties": {
                    "claim": { "type": "integer" }, "document": { "type": "string" },
                    "sentence": { "type": "object", "properties": { "before": string(), "number": { "type": ["string", "null"] }, "after": string() } },
                    "value": string(), "qualifier": string(), "kind": string(), "metric": metric(),
                    "source": { "type": ["string", "null"] }, "source_phrase": { "type": ["string", "null"] },
                    "as_of_rules": { "type": "array", "items": string() }, "times": { "type": "array" },
                    "rules": { "type": "array", "items": string() }
                } },
                "SeriesList": { "type": "object", "properties": { "series": { "type": "array", "items": { "type": "object", "properties": {
                    "series": { "type": "object" }, "n_claims": { "type": "integer" }, "n_assertions": { "type": "integer" },
                    "n_sources": { "type": "integer" }, "first": { "type": ["string", "null"] }, "last": { "type": ["string", "null"] }
                } } }, "next": { "type": "integer", "description": "The offset of the next page, when there is one" } } },
                "Estimate": { "type": "object", "description": "docs/reconcile.md", "properties": {
                    "series": { "type": "object" }, "at": date(), "method": string(), "sources": { "type": "array" },
                    "envelope": { "type": "object" }, "estimate": { "type": "object" }, "contradictions": { "type": "array" }
                } },
                "Timeline": { "type": "object", "description": "docs/reconcile.md", "properties": {
                    "series": { "type": "object" }, "method": string(), "points": { "type": "array" },
                    "assertions": { "type": "array" }, "contradictions": { "type": "array" }, "falls": { "type": "array" }
                } },
                "DocumentList": { "type": "object", "properties": { "documents": { "type": "array", "items": { "type": "object", "properties": {
                    "id": string(), "hash": string(), "title": { "type": ["string", "null"] }, "published": { "type": ["string", "null"] }, "n_claims": { "type": "integer" }
                } } } } },
                "Document": { "type": "object", "required": ["id", "hash", "text", "claims"], "properties": {
                    "id": string(), "hash": string(), "title": { "type": ["string", "null"] }, "url": { "type": ["string", "null"] },
                    "published": { "type": ["string", "null"] }, "text": string(),
                    "claims": { "type": "array", "items": { "$ref": "#/components/schemas/Claim" } }
                } },
                "IngestReport": { "type": "object", "properties": {
                    "n_new": { "type": "integer" }, "n_present": { "type": "integer" }, "n_failed": { "type": "integer" }, "n_claims": { "type": "integer" },
                    "documents": { "type": "array", "items": { "type": "object", "properties": {
                        "id": string(), "hash": string(), "new": { "type": "boolean" }, "n_claims": { "type": "integer" },
                        "renamed_from": { "type": "string", "description": "The id it came with, when another text of the ledger held it (it is stored as ID~2, ID~3…)" }
                    } } },
                    "errors": { "type": "array", "items": string() },
                    "warnings": { "type": "array", "items": string() }
                } }
            }
        }
    })
}
