//! Stored claims as JSON: the claim as `tally extract --format jsonl` writes it (the field
//! names of `corpus/GOLD-FORMAT.md`), plus its ledger `id` and the `document` hash. The
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
    /// The claim's own fields.
    #[serde(flatten)]
    pub claim: &'a Claim,
}

impl<'a> ClaimJson<'a> {
    /// The JSON view of a stored claim.
    pub fn new(stored: &'a StoredClaim) -> ClaimJson<'a> {
        ClaimJson {
            id: stored.id,
            document: stored.document_hash.as_str(),
            claim: &stored.claim,
        }
    }
}
