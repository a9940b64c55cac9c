//! Stored claims as JSON: the claim as `tally extract --format jsonl` writes it (the field
//! names of `corpus/GOLD-FORMAT.md`), plus its ledger `id`, the `document` hash and, for
//! a reviewed claim, `reviewed` (the fields a person set) and `review` (its status). The
//! command line's JSONL and the API's claims are this one shape.

use serde::Serialize;
use tally_core::Claim;
use tally_store::StoredClaim;

/// A stored claim as one JSON object.
#[derive(Debug, Serialize)]
pub struct ClaimJson<'a> {
    /// The claim's ledger id.
    pub id: i64,
    /// The hash of its document.
    pub document: &'a str,
    /// The claim's own fields (with the values people set by review).
    #[serde(flatten)]
    pub claim: &'a Claim,
    /// For a reviewed claim: the fields a person set (empty when only confirmed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reviewed: Option<&'a [&'static str]>,
    /// For a reviewed claim: `confirmed`, `corrected` or `rejected`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub review: Option<&'static str>,
}

impl<'a> ClaimJson<'a> {
    /// The JSON view of a stored claim.
    pub fn new(stored: &'a StoredClaim) -> ClaimJson<'a> {
        ClaimJson {
            id: stored.id,
            document: stored.document_hash.as_str(),
            claim: &stored.claim,
            reviewed: stored.review.as_ref().map(|r| r.fields.as_slice()),
            review: stored.review.as_ref().map(|r| r.status.as_str()),
        }
    }
}
