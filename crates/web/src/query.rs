//! The parameters of requests, shared by the API and the pages: claim filters with paging,
//! series, and document ids. Empty parameters (a form's blank fields) count as absent;
//! unknown ones are refused.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use tally_core::{Metric, Role, Scope};
use tally_store::{ClaimFilter, DocumentFilter, DocumentHash, Ledger, StoredClaim, StoredDocument};

use crate::http_error::HttpError;

/// Claims per page unless `limit` says otherwise.
pub const DEFAULT_LIMIT: usize = 50;
/// The most claims one page holds.
pub const MAX_LIMIT: usize = 1000;
/// The deepest page of claims (`offset`): a page reads every claim before it, so past this
/// the filters must narrow the claims instead.
pub const MAX_OFFSET: usize = 100_000;

/// The filters of `tally claims`, and a page.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ClaimQuery {
    /// Who is counted: an ISO 3166-1 alpha-3 code or a slug, or a name the gazetteer
    /// knows ("North Korea" = PRK).
    pub actor: Option<String>,
    /// What is counted.
    pub metric: Option<String>,
    /// Military, civilian or unspecified.
    pub role: Option<String>,
    /// Total, period or event.
    pub scope: Option<String>,
    /// Part of a place's name, or its country code.
    pub place: Option<String>,
    /// Part of the source's name.
    pub source: Option<String>,
    /// Claims whose dates reach this day or later.
    pub since: Option<String>,
    /// Claims whose dates start on this day or earlier.
    pub until: Option<String>,
    /// A document id or the start of a hash.
    pub doc: Option<String>,
    /// Full-text search over the documents.
    pub text: Option<String>,
    /// Only claims of documents published on or before this day.
    pub published_by: Option<String>,
    /// The ledger as it stood at this moment (RFC 3339, a date and time in UTC, or a day).
    pub known_on: Option<String>,
    /// Claims to skip.
    pub offset: Option<usize>,
    /// Claims per page (at most [`MAX_LIMIT`]).
    pub limit: Option<usize>,
}

/// A page of claims.
#[derive(Debug, Clone)]
pub struct ClaimsPage {
    /// The claims, in id order.
    pub claims: Vec<StoredClaim>,
    /// How many were skipped.
    pub offset: usize,
    /// The page's size.
    pub limit: usize,
    /// The offset of the next page, when there is one.
    pub next: Option<usize>,
}

/// The value of an optional parameter, blank counting as absent.
pub fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// A metric by name.
///
/// # Errors
///
/// A 400 naming the parameter and the metrics there are.
pub fn metric(value: &str) -> Result<Metric, HttpError> {
    value
        .parse()
        .map_err(|error: String| HttpError::bad_request(format!("metric: {error}")))
}

/// A source grade, A to F.
///
/// # Errors
///
/// A 400 naming the valid grades.
pub fn grade(value: &str) -> Result<tally_core::Grade, HttpError> {
    value
        .parse()
        .map_err(|error: String| HttpError::bad_request(format!("min_grade: {error}")))
}

/// A role by name.
///
/// # Errors
///
/// A 400 naming the roles there are.
pub fn role(value: &str) -> Result<Role, HttpError> {
    value
        .parse()
        .map_err(|error: String| HttpError::bad_request(format!("role: {error}")))
}

/// A scope by name.
///
/// # Errors
///
/// A 400 naming the scopes there are.
pub fn scope(value: &str) -> Result<Scope, HttpError> {
    value
        .parse()
        .map_err(|error: String| HttpError::bad_request(format!("scope: {error}")))
}

/// A day, `YYYY-MM-DD`.
///
/// # Errors
///
/// A 400 naming the parameter.
pub fn day(name: &str, value: &str) -> Result<Date, HttpError> {
    value
        .parse()
        .map_err(|_| HttpError::bad_request(format!("{name}: {value:?} is not a day (YYYY-MM-DD)")))
}

/// A moment of the ledger's past (`known_on`): RFC 3339 with an offset, a date and time in
/// UTC, or a day for the end of that day in UTC.
///
/// # Errors
///
/// A 400 naming the parameter and the forms accepted.
pub fn moment(name: &str, value: &str) -> Result<jiff::Timestamp, HttpError> {
    tally_app::asof::parse_known_on(value)
        .map_err(|error| HttpError::bad_request(format!("{name}: {error}")))
}

impl ClaimQuery {
    /// The ledger filter, without a limit.
    ///
    /// # Errors
    ///
    /// A 400 for an unknown metric or role or a malformed day.
    pub fn filter(&self) -> Result<ClaimFilter, HttpError> {
        Ok(ClaimFilter {
            actor: given(&self.actor).map(tally_app::actors::actor_code_of),
            metric: given(&self.metric).map(metric).transpose()?,
            role: given(&self.role).map(role).transpose()?,
            scope: given(&self.scope).map(scope).transpose()?,
            place: given(&self.place).map(str::to_string),
            source: given(&self.source).map(str::to_string),
            since: given(&self.since).map(|v| day("since", v)).transpose()?,
            until: given(&self.until).map(|v| day("until", v)).transpose()?,
            doc: given(&self.doc).map(str::to_string),
            text: given(&self.text).map(str::to_string),
            published_by: given(&self.published_by)
                .map(|v| day("published_by", v))
                .transpose()?,
            known_on: given(&self.known_on)
                .map(|v| moment("known_on", v))
                .transpose()?,
            limit: None,
        })
    }

    /// The page's size, checked.
    ///
    /// # Errors
    ///
    /// A 400 when it is 0 or above [`MAX_LIMIT`].
    pub fn limit(&self) -> Result<usize, HttpError> {
        checked_limit(self.limit, DEFAULT_LIMIT)
    }

    /// The same filters at another offset, as a query string (for a page's links).
    pub fn at_offset(&self, offset: usize) -> String {
        let keep = |value: &Option<String>| given(value).map(str::to_string);
        let query = ClaimQuery {
            actor: keep(&self.actor),
            metric: keep(&self.metric),
            role: keep(&self.role),
            scope: keep(&self.scope),
            place: keep(&self.place),
            source: keep(&self.source),
            since: keep(&self.since),
            until: keep(&self.until),
            doc: keep(&self.doc),
            text: keep(&self.text),
            published_by: keep(&self.published_by),
            known_on: keep(&self.known_on),
            offset: (offset > 0).then_some(offset),
            limit: self.limit,
        };
        serde_urlencoded::to_string(&query).unwrap_or_default()
    }
}

/// Reads one page of the claims the query lets through.
///
/// # Errors
///
/// A 400 for a bad parameter or text query; a 500 when the ledger cannot be read.
pub fn claims_page(ledger: &dyn Ledger, query: &ClaimQuery) -> Result<ClaimsPage, HttpError> {
    let limit = query.limit()?;
    let offset = query.offset.unwrap_or(0);
    if offset > MAX_OFFSET {
        return Err(HttpError::bad_request(format!(
            "offset: at most {MAX_OFFSET}; narrow the claims with filters (actor, metric, \
             role, source, since, until, text) to see further"
        )));
    }
    let mut filter = query.filter()?;
    // One more than the page tells whether there is a next one.
    filter.limit = Some(offset.saturating_add(limit).saturating_add(1));
    let mut claims = ledger.claims(&filter)?;
    let next = (claims.len() > offset + limit).then_some(offset + limit);
    claims.truncate(offset + limit);
    let claims = claims.split_off(offset.min(claims.len()));
    Ok(ClaimsPage {
        claims,
        offset,
        limit,
        next,
    })
}

/// The document a path names: a full hash, else a document id or the start of a hash that
/// names exactly one document.
///
/// # Errors
///
/// A 404 when none matches, a 400 when several do, a 500 when the ledger cannot be read.
pub fn find_document(ledger: &dyn Ledger, id: &str) -> Result<StoredDocument, HttpError> {
    let id = id.trim();
    if id.len() == 64 && id.bytes().all(|b| b.is_ascii_hexdigit()) {
        if let Some(hash) = DocumentHash::parse(&id.to_ascii_lowercase()) {
            if let Some(document) = ledger.document(&hash)? {
                return Ok(document);
            }
        }
    }
    if id.is_empty() {
        return Err(HttpError::bad_request(
            "document: an id or a hash is needed",
        ));
    }
    let filter = DocumentFilter {
        doc: Some(id.to_string()),
        text: None,
        limit: Some(2),
    };
    let found = ledger.documents(&filter)?;
    match found.as_slice() {
        [] => Err(HttpError::not_found(format!(
            "no document {id:?} in the ledger"
        ))),
        [one] => ledger
            .document(&one.hash)?
            .ok_or_else(|| HttpError::not_found(format!("no document {id:?} in the ledger"))),
        _ => Err(HttpError::bad_request(format!(
            "{id:?} names more than one document: give more of the hash"
        ))),
    }
}

/// A page's size as asked (`default` when not), checked: every list the pages and the API
/// answer is cut in pages of at most [`MAX_LIMIT`] rows.
///
/// # Errors
///
/// A 400 when it is 0 or above [`MAX_LIMIT`].
pub fn checked_limit(limit: Option<usize>, default: usize) -> Result<usize, HttpError> {
    match limit.unwrap_or(default) {
        0 => Err(HttpError::bad_request("limit: must be at least 1")),
        n if n > MAX_LIMIT => Err(HttpError::bad_request(format!(
            "limit: at most {MAX_LIMIT}"
        ))),
        n => Ok(n),
    }
}
