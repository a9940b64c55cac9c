//! The HTTP JSON API under `/api`: claims with the filters of `tally claims` and paging,
//! series, estimates and timelines (the JSON of `docs/reconcile.md`), documents, claim
//! explanations, ingesting a body (with the token), and the OpenAPI description.

mod openapi;

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use tally_app::json::ClaimJson;
use tally_app::series::{load_incidents, series_at, SeriesRequest};
use tally_core::Scope;
use tally_reconcile::{incident_totals, Bucket, Incident, IncidentTotal, SeriesSummary};
use tally_store::{DocumentFilter, DocumentSummary};

use crate::http_error::HttpError;
use crate::query::{self, claims_page, find_document, given, ClaimQuery};
use crate::server::AppState;

pub use openapi::openapi;

/// The routes of the API, to nest under `/api`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/claims", get(claims))
        .route("/claims/{id}", get(claim))
        .route("/claims/{id}/explain", get(explain_claim))
        .route("/claims/{id}/review", post(review_claim))
        .route("/sources", get(sources_list))
        .route("/sources/grade", post(grade_source))
        .route("/series", get(series_list))
        .route("/estimate", get(estimate_at))
        .route("/timeline", get(timeline_of))
        .route("/incidents", get(incidents_of))
        .route("/documents", get(documents).post(ingest))
        .route("/documents/{id}", get(document))
        .route("/openapi.json", get(openapi_json))
        .fallback(|| async {
            ApiError(HttpError::not_found(
                "no such endpoint: see /api/openapi.json",
            ))
        })
}

/// The OpenAPI description, serialized once.
async fn openapi_json() -> Response {
    static JSON: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    json_bytes(
        JSON.get_or_init(|| serde_json::to_vec(&openapi()).unwrap_or_default())
            .clone(),
    )
}

/// An [`HttpError`] answered as `{"error": message}`.
pub struct ApiError(pub HttpError);

impl<E: Into<HttpError>> From<E> for ApiError {
    fn from(error: E) -> ApiError {
        ApiError(error.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let HttpError { status, message } = self.0;
        if status.is_client_error() {
            tracing::debug!(%status, %message, "refused a request");
        }
        let mut response = (status, Json(serde_json::json!({ "error": message }))).into_response();
        if status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                header::HeaderValue::from_static("Bearer"),
            );
        }
        response
    }
}

type ApiResult<T> = Result<T, ApiError>;

/// The query string, or a 400 saying what is wrong with it.
fn params<T>(query: Result<Query<T>, QueryRejection>) -> Result<T, ApiError> {
    query
        .map(|Query(params)| params)
        .map_err(|rejection| ApiError(HttpError::bad_request(rejection.body_text())))
}

/// One page of claims.
#[derive(Serialize)]
struct ClaimsBody<'a> {
    offset: usize,
    limit: usize,
    next: Option<usize>,
    claims: Vec<ClaimJson<'a>>,
}

async fn claims(
    State(state): State<AppState>,
    query: Result<Query<ClaimQuery>, QueryRejection>,
) -> ApiResult<Response> {
    let query = params(query)?;
    let body = state
        .run(move |ledger| {
            let page = claims_page(ledger, &query)?;
            let body = ClaimsBody {
                offset: page.offset,
                limit: page.limit,
                next: page.next,
                claims: page.claims.iter().map(ClaimJson::new).collect(),
            };
            to_json(&body)
        })
        .await?;
    Ok(json_bytes(body))
}

async fn claim(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult<Response> {
    let id = claim_id(&id)?;
    let body = state
        .run(move |ledger| {
            let stored = ledger
                .claim(id)?
                .ok_or_else(|| HttpError::not_found(format!("no claim {id} in the ledger")))?;
            to_json(&ClaimJson::new(&stored))
        })
        .await?;
    Ok(json_bytes(body))
}

/// A claim id from a path.
fn claim_id(id: &str) -> Result<i64, HttpError> {
    id.trim_start_matches('#')
        .parse()
        .map_err(|_| HttpError::bad_request(format!("claim id: {id:?} is not a number")))
}

async fn explain_claim(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let id = claim_id(&id)?;
    let engine = state.engine();
    let explanation = state
        .run(move |ledger| {
            Ok::<_, HttpError>(tally_app::explain::explain_claim(ledger, engine.get(), id)?)
        })
        .await?;
    Ok(Json(explanation).into_response())
}

/// Parameters of `/api/series`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SeriesListQuery {
    actor: Option<String>,
    min_assertions: Option<usize>,
    published_by: Option<String>,
    known_on: Option<String>,
    /// The first series answered (0 for the first).
    offset: Option<usize>,
    /// Series per answer (at most 1,000, the default).
    limit: Option<usize>,
}

#[derive(Serialize)]
struct SeriesBody {
    series: Vec<SeriesSummary>,
    /// The offset of the next page, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    next: Option<usize>,
}

async fn series_list(
    State(state): State<AppState>,
    query: Result<Query<SeriesListQuery>, QueryRejection>,
) -> ApiResult<Response> {
    let query = params(query)?;
    let min = query.min_assertions.unwrap_or(1);
    let limit = query::checked_limit(query.limit, query::MAX_LIMIT)?;
    let filter = tally_store::ClaimFilter {
        actor: given(&query.actor).map(str::to_string),
        published_by: given(&query.published_by)
            .map(|v| query::day("published_by", v))
            .transpose()?,
        known_on: given(&query.known_on)
            .map(|v| query::moment("known_on", v))
            .transpose()?,
        ..tally_store::ClaimFilter::default()
    };
    let summaries = state
        .run(move |ledger| Ok(tally_app::overview::summaries(ledger, &filter)?))
        .await?;
    let offset = query.offset.unwrap_or(0);
    let mut series: Vec<SeriesSummary> = summaries
        .into_iter()
        .filter(|s| s.n_assertions >= min)
        .skip(offset)
        .take(limit.saturating_add(1))
        .collect();
    let next = (series.len() > limit).then(|| offset.saturating_add(limit));
    series.truncate(limit);
    Ok(Json(SeriesBody { series, next }).into_response())
}

/// Parameters of `/api/estimate` and `/api/timeline`: a series, and a day.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeriesQuery {
    /// Who is counted (required).
    pub actor: Option<String>,
    /// What is counted (required).
    pub metric: Option<String>,
    /// The role [default: the role with most claims].
    pub role: Option<String>,
    /// total [default] or period; event figures are incidents (`/api/incidents`).
    pub scope: Option<String>,
    /// A subgroup counted (children, journalists…) [default: everyone].
    pub group: Option<String>,
    /// The estimate's day [default: the last day a figure is placed at].
    pub at: Option<String>,
    /// The estimate as a share of this metric of the same actor and role.
    pub of: Option<String>,
    /// The timeline's last day.
    pub until: Option<String>,
    /// Leave out the sources graded below this (A to F; ungraded counts as F).
    pub min_grade: Option<String>,
    /// Only the documents published on or before this day.
    pub published_by: Option<String>,
    /// The ledger as it stood at this moment.
    pub known_on: Option<String>,
}

impl SeriesQuery {
    /// The series, checked, at the last day a figure is placed at (`at` is not read).
    ///
    /// # Errors
    ///
    /// A 400 when the actor or metric is missing or a value is unknown.
    pub fn series(&self) -> Result<SeriesRequest, HttpError> {
        let actor = given(&self.actor)
            .ok_or_else(|| HttpError::bad_request("actor: required (PRK, UKR, RUS…)"))?;
        let metric = given(&self.metric).ok_or_else(|| {
            HttpError::bad_request("metric: required (killed, casualties, deployed…)")
        })?;
        let scope = given(&self.scope)
            .map(query::scope)
            .transpose()?
            .unwrap_or(Scope::Total);
        if scope == Scope::Event {
            return Err(HttpError::bad_request(
                "scope: event figures are incidents, not a series: see /api/incidents",
            ));
        }
        Ok(SeriesRequest {
            actor: actor.to_string(),
            metric: query::metric(metric)?,
            role: given(&self.role).map(query::role).transpose()?,
            scope,
            group: given(&self.group).map(str::to_lowercase),
            at: None,
            min_grade: given(&self.min_grade).map(query::grade).transpose()?,
            published_by: given(&self.published_by)
                .map(|v| query::day("published_by", v))
                .transpose()?,
            known_on: given(&self.known_on)
                .map(|v| query::moment("known_on", v))
                .transpose()?,
        })
    }
}

async fn estimate_at(
    State(state): State<AppState>,
    query: Result<Query<SeriesQuery>, QueryRejection>,
) -> ApiResult<Response> {
    let query = params(query)?;
    let wanted = query.series()?;
    let at = given(&query.at).map(|v| query::day("at", v)).transpose()?;
    let of = given(&query.of).map(query::metric).transpose()?;
    let request = SeriesRequest { at, ..wanted };
    let body = state
        .run(move |ledger| to_json(&series_at(ledger, &request)?.answer(of)?))
        .await?;
    Ok(json_bytes(body))
}

async fn timeline_of(
    State(state): State<AppState>,
    query: Result<Query<SeriesQuery>, QueryRejection>,
) -> ApiResult<Response> {
    let query = params(query)?;
    let wanted = query.series()?;
    let until = given(&query.until)
        .map(|v| query::day("until", v))
        .transpose()?;
    let body = state
        .run(move |ledger| to_json(&series_at(ledger, &wanted)?.timeline(until)))
        .await?;
    Ok(json_bytes(body))
}

/// Parameters of `GET /api/incidents`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IncidentsQuery {
    /// Whose people: an ISO 3166-1 alpha-3 code or a slug.
    pub actor: Option<String>,
    /// What is counted.
    pub metric: Option<String>,
    /// Part of the place's name, or its country code.
    pub place: Option<String>,
    /// Incidents on or after this day.
    pub since: Option<String>,
    /// Incidents on or before this day.
    pub until: Option<String>,
    /// Sum the incidents per `day`, `week` or `month` (a lower bound).
    pub per: Option<String>,
    /// Only the documents published on or before this day.
    pub published_by: Option<String>,
    /// The ledger as it stood at this moment.
    pub known_on: Option<String>,
}

/// The body of `GET /api/incidents`.
#[derive(Serialize)]
struct IncidentsBody {
    incidents: Vec<Incident>,
    #[serde(skip_serializing_if = "Option::is_none")]
    totals: Option<Vec<IncidentTotal>>,
}

async fn incidents_of(
    State(state): State<AppState>,
    query: Result<Query<IncidentsQuery>, QueryRejection>,
) -> ApiResult<Response> {
    let query = params(query)?;
    let filter = tally_store::ClaimFilter {
        actor: given(&query.actor).map(str::to_string),
        metric: given(&query.metric).map(query::metric).transpose()?,
        place: given(&query.place).map(str::to_string),
        since: given(&query.since)
            .map(|v| query::day("since", v))
            .transpose()?,
        until: given(&query.until)
            .map(|v| query::day("until", v))
            .transpose()?,
        published_by: given(&query.published_by)
            .map(|v| query::day("published_by", v))
            .transpose()?,
        known_on: given(&query.known_on)
            .map(|v| query::moment("known_on", v))
            .transpose()?,
        ..tally_store::ClaimFilter::default()
    };
    let per = given(&query.per)
        .map(|per| per.parse::<Bucket>())
        .transpose()
        .map_err(|error| HttpError::bad_request(format!("per: {error}")))?;
    let body = state
        .run(move |ledger| {
            let found = load_incidents(ledger, filter)?;
            let totals = per.map(|bucket| incident_totals(&found, bucket));
            to_json(&IncidentsBody {
                incidents: found,
                totals,
            })
        })
        .await?;
    Ok(json_bytes(body))
}

/// Parameters of `GET /api/documents`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DocumentsQuery {
    text: Option<String>,
    doc: Option<String>,
    limit: Option<usize>,
}

#[derive(Serialize)]
struct DocumentLine {
    id: String,
    hash: String,
    title: Option<String>,
    published: Option<jiff::civil::Date>,
    n_claims: usize,
}

impl From<DocumentSummary> for DocumentLine {
    fn from(d: DocumentSummary) -> DocumentLine {
        DocumentLine {
            id: d.id,
            hash: d.hash.to_string(),
            title: d.title,
            published: d.published,
            n_claims: d.n_claims,
        }
    }
}

#[derive(Serialize)]
struct DocumentsBody {
    documents: Vec<DocumentLine>,
}

async fn documents(
    State(state): State<AppState>,
    query: Result<Query<DocumentsQuery>, QueryRejection>,
) -> ApiResult<Response> {
    let query = params(query)?;
    let limit = query.limit.unwrap_or(query::DEFAULT_LIMIT);
    if limit == 0 || limit > query::MAX_LIMIT {
        return Err(
            HttpError::bad_request(format!("limit: from 1 to {}", query::MAX_LIMIT)).into(),
        );
    }
    let filter = DocumentFilter {
        doc: given(&query.doc).map(str::to_string),
        text: given(&query.text).map(str::to_string),
        limit: Some(limit),
    };
    let documents = state
        .run(move |ledger| Ok::<_, HttpError>(ledger.documents(&filter)?))
        .await?;
    Ok(Json(DocumentsBody {
        documents: documents.into_iter().map(DocumentLine::from).collect(),
    })
    .into_response())
}

/// A document with its text and claims.
#[derive(Serialize)]
struct DocumentBody<'a> {
    id: &'a str,
    hash: &'a str,
    title: Option<&'a str>,
    url: Option<&'a str>,
    publisher: Option<&'a str>,
    lang: Option<&'a str>,
    published: Option<jiff::civil::Date>,
    ingested_at: String,
    grammar_version: &'a str,
    text: &'a str,
    claims: Vec<ClaimJson<'a>>,
}

async fn document(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult<Response> {
    let body = state
        .run(move |ledger| {
            let stored = find_document(ledger, &id)?;
            let filter = tally_store::ClaimFilter {
                doc: Some(stored.hash.to_string()),
                ..Default::default()
            };
            let claims = ledger.claims(&filter)?;
            let doc = &stored.document;
            let body = DocumentBody {
                id: &doc.id,
                hash: stored.hash.as_str(),
                title: doc.title.as_deref(),
                url: doc.url.as_deref(),
                publisher: doc.publisher.as_deref(),
                lang: doc.lang.as_deref(),
                published: doc.published,
                ingested_at: stored.ingested_at.to_string(),
                grammar_version: &stored.grammar_version,
                text: &doc.text,
                claims: claims.iter().map(ClaimJson::new).collect(),
            };
            to_json(&body)
        })
        .await?;
    Ok(json_bytes(body))
}

/// Parameters of `POST /api/documents`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct IngestQuery {
    /// The id of a text or HTML document [default: `upload`].
    name: Option<String>,
    /// The publication day of documents that give none.
    published: Option<String>,
}

/// A request that carries the token. As an extractor it runs before the body is read, so
/// a write without the token is refused without buffering its body.
struct Writer;

impl FromRequestParts<AppState> for Writer {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Writer, ApiError> {
        state
            .authorize(&parts.headers)
            .map(|()| Writer)
            .map_err(ApiError)
    }
}

async fn ingest(
    State(state): State<AppState>,
    _writer: Writer,
    query: Result<Query<IngestQuery>, QueryRejection>,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<Response> {
    let query = params(query)?;
    let body = body.map_err(body_error)?;
    let published = given(&query.published)
        .map(|v| query::day("published", v))
        .transpose()?;
    let name = given(&query.name).unwrap_or("upload").to_string();
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(HttpError::bad_request("the body is empty: send text, HTML or JSONL").into());
    }
    // One queue for every ingestion: a place in it, or 503 at once; then a turn.
    let Some(place) = state.writers().try_admit() else {
        return Err(HttpError::unavailable(
            "too many documents are being ingested: try again after the Retry-After seconds",
        )
        .into());
    };
    let turn = place
        .turn()
        .await
        .ok_or_else(|| HttpError::internal("the writer queue is closed"))?;
    let engine = state.engine();
    let deadline = state.limits().ingest_deadline;
    let report = state
        .run_unbounded(move |ledger| {
            // Held until the work ends, even when the client has gone.
            let _held = (turn, place);
            let report = tally_app::ingest::ingest_body(
                ledger,
                engine.get(),
                body.to_vec(),
                &name,
                published,
                Some(deadline),
            )?;
            Ok::<_, HttpError>(report)
        })
        .await?;
    tracing::info!(
        new = report.n_new,
        present = report.n_present,
        failed = report.n_failed,
        claims = report.n_claims,
        "ingested a body"
    );
    let status = if report.n_new > 0 {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(report)).into_response())
}

/// A body that could not be read: 408 when it stalled past the body timeout, 413 when it
/// grew past the limit, else what axum says.
fn body_error(rejection: BytesRejection) -> HttpError {
    let mut source = std::error::Error::source(&rejection);
    while let Some(error) = source {
        if error.is::<tower_http::timeout::TimeoutError>() {
            return HttpError {
                status: StatusCode::REQUEST_TIMEOUT,
                message: "the body stalled: send it without pauses".into(),
            };
        }
        // A body with no Content-Length (chunked) that grew past the limit as sent.
        if error.is::<http_body_util::LengthLimitError>() {
            return HttpError {
                status: StatusCode::PAYLOAD_TOO_LARGE,
                message: format!(
                    "length limit exceeded: the body is over {} MiB",
                    crate::server::MAX_BODY >> 20
                ),
            };
        }
        source = error.source();
    }
    HttpError {
        status: rejection.status(),
        message: rejection.body_text(),
    }
}

/// The body of `POST /api/claims/{id}/review`: one of `confirm`, `reject` or `set` (field
/// to value, as `tally review --set`), a `reason` (required to reject or correct) and who
/// reviews (`by`, else the server's `$TALLY_USER` or user).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewBody {
    /// Confirm the claim as it stands.
    #[serde(default)]
    pub confirm: bool,
    /// Reject it.
    #[serde(default)]
    pub reject: bool,
    /// Fields to set: `{"actor": "UKR", "role": "civilian", "value": "5000+"}`; a number is
    /// a value, `null` clears the field.
    #[serde(default)]
    pub set: std::collections::BTreeMap<String, serde_json::Value>,
    /// Why.
    pub reason: Option<String>,
    /// Who reviews.
    pub by: Option<String>,
}

impl ReviewBody {
    /// The review asked for, of claim `claim_id`.
    ///
    /// # Errors
    ///
    /// A 400 for a field value that is not a string, a number or null.
    pub fn request(self, claim_id: i64) -> Result<tally_app::review::ReviewRequest, HttpError> {
        let mut set = Vec::with_capacity(self.set.len());
        for (field, value) in self.set {
            let value = match value {
                serde_json::Value::String(text) => text,
                serde_json::Value::Number(number) => number.to_string(),
                serde_json::Value::Null => String::from("none"),
                other => {
                    return Err(HttpError::bad_request(format!(
                        "set.{field}: {other} is not a string, a number or null"
                    )))
                }
            };
            set.push(format!("{field}={value}"));
        }
        Ok(tally_app::review::ReviewRequest {
            claim_id,
            by: tally_app::review::reviewer(self.by.as_deref()),
            confirm: self.confirm,
            reject: self.reject,
            set,
            reason: self.reason,
        })
    }
}

/// The answer to a review: the review stored and the claim as readers now see it.
#[derive(Serialize)]
struct ReviewAnswer<'a> {
    review: serde_json::Value,
    claim: ClaimJson<'a>,
}

async fn review_claim(
    State(state): State<AppState>,
    _writer: Writer,
    Path(id): Path<String>,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<Response> {
    let id = claim_id(&id)?;
    let body = body.map_err(|rejection| HttpError {
        status: rejection.status(),
        message: rejection.body_text(),
    })?;
    let body: ReviewBody = serde_json::from_slice(&body)
        .map_err(|error| HttpError::bad_request(format!("the review body: {error}")))?;
    let request = body.request(id)?;
    let answer = state
        .run(move |ledger| {
            let review = tally_app::review::review(ledger, &request)?;
            let stored = ledger
                .claim(id)?
                .ok_or_else(|| HttpError::not_found(format!("no claim {id} in the ledger")))?;
            to_json(&ReviewAnswer {
                review: tally_app::review::review_json(&review),
                claim: ClaimJson::new(&stored),
            })
        })
        .await?;
    tracing::info!(claim = id, "reviewed a claim");
    Ok((
        StatusCode::CREATED,
        [(header::CONTENT_TYPE, "application/json")],
        answer,
    )
        .into_response())
}

#[derive(Serialize)]
struct SourcesBody {
    sources: Vec<tally_app::sources::SourceSummary>,
}

/// Parameters of `GET /api/sources`: the two time machines.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SourcesQuery {
    published_by: Option<String>,
    known_on: Option<String>,
}

async fn sources_list(
    State(state): State<AppState>,
    query: Result<Query<SourcesQuery>, QueryRejection>,
) -> ApiResult<Response> {
    let query = params(query)?;
    let filter = tally_store::ClaimFilter {
        published_by: given(&query.published_by)
            .map(|v| query::day("published_by", v))
            .transpose()?,
        known_on: given(&query.known_on)
            .map(|v| query::moment("known_on", v))
            .transpose()?,
        ..tally_store::ClaimFilter::default()
    };
    let sources = state
        .run(move |ledger| Ok::<_, HttpError>(tally_app::sources::sources_of(ledger, &filter)?))
        .await?;
    Ok(Json(SourcesBody { sources }).into_response())
}

/// The body of `POST /api/sources/grade`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GradeBody {
    source: String,
    grade: String,
    reason: String,
    by: Option<String>,
}

async fn grade_source(
    State(state): State<AppState>,
    _writer: Writer,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<Response> {
    let body = body.map_err(|rejection| HttpError {
        status: rejection.status(),
        message: rejection.body_text(),
    })?;
    let body: GradeBody = serde_json::from_slice(&body)
        .map_err(|error| HttpError::bad_request(format!("the grade body: {error}")))?;
    let by = tally_app::review::reviewer(body.by.as_deref());
    let graded = state
        .run(move |ledger| {
            Ok::<_, HttpError>(tally_app::sources::grade(
                ledger,
                &body.source,
                &body.grade,
                &by,
                &body.reason,
            )?)
        })
        .await?;
    let answer = serde_json::json!({
        "id": graded.id,
        "source": graded.source,
        "grade": graded.grade,
        "by": graded.by,
        "at": graded.at.to_string(),
        "reason": graded.reason,
    });
    Ok((StatusCode::CREATED, Json(answer)).into_response())
}

/// A value as JSON bytes.
fn to_json<T: Serialize>(value: &T) -> Result<Vec<u8>, HttpError> {
    serde_json::to_vec(value)
        .map_err(|error| HttpError::internal(format!("serializing the answer: {error}")))
}

/// JSON already serialized.
fn json_bytes(body: Vec<u8>) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], body).into_response()
}
