//! Re-extraction: the current grammar over the stored documents whose claims an older
//! grammar made; their claims are superseded (kept, with the moment, for reads as of an
//! earlier moment), one transaction per batch.

use rayon::prelude::*;
use tally_core::{Claim, GRAMMAR_VERSION};
use tally_store::{DocumentHash, Ledger};

use crate::{Engine, Error};

/// What a re-extraction did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Reextracted {
    /// Documents whose claims were superseded by new ones.
    pub n_documents: usize,
    /// Documents the extractor failed on; they keep their claims.
    pub n_failed: usize,
    /// Claims superseded: no longer standing, kept for `--known-on`.
    pub n_superseded: usize,
    /// Claims added.
    pub n_added: usize,
    /// Documents whose claims were cut to [`crate::MAX_CLAIMS_PER_DOCUMENT`].
    pub n_capped: usize,
}

/// Re-extracts every document whose claims are older than [`GRAMMAR_VERSION`], `batch`
/// documents per transaction, extracting each batch in parallel on the current rayon pool
/// (call it inside `ThreadPool::install` to choose the pool). A document the extractor
/// fails on keeps its claims and is passed to `failed` as it happens.
///
/// # Errors
///
/// Fails when the ledger cannot be read or written; what was committed before stays.
///
/// # Example
///
/// ```
/// let mut ledger = tally_store::SqliteLedger::open_in_memory()?;
/// let engine = tally_app::Engine::english();
/// let done = tally_app::reextract::reextract(&mut ledger, &engine, 500, |_| {})?;
/// assert_eq!(done.n_documents, 0);
/// # Ok::<(), tally_app::Error>(())
/// ```
pub fn reextract(
    ledger: &mut dyn Ledger,
    engine: &Engine,
    batch: usize,
    mut failed: impl FnMut(&Error),
) -> Result<Reextracted, Error> {
    let mut done = Reextracted::default();
    loop {
        // Documents that failed stay stale and come first; skip them.
        let stale = ledger.stale_documents(GRAMMAR_VERSION, done.n_failed, batch)?;
        if stale.is_empty() {
            break;
        }
        type Outcome = Result<(Vec<Claim>, Option<String>), Error>;
        let outcomes: Vec<(DocumentHash, Outcome)> = stale
            .into_par_iter()
            .map(|stored| {
                let claims = engine.capped_claims(&stored.document);
                (stored.hash, claims)
            })
            .collect();
        let mut replaced = Vec::with_capacity(outcomes.len());
        for (hash, claims) in outcomes {
            match claims {
                Ok((claims, capped)) => {
                    done.n_capped += usize::from(capped.is_some());
                    replaced.push((hash, claims));
                }
                Err(error) => {
                    done.n_failed += 1;
                    failed(&error);
                }
            }
        }
        done.n_documents += replaced.len();
        let (n_superseded, n_added) = ledger.replace_claims(&replaced, GRAMMAR_VERSION)?;
        done.n_superseded += n_superseded;
        done.n_added += n_added;
    }
    Ok(done)
}
