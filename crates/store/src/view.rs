//! The claims a reader sees: the extracted claims with their reviews applied, rejected ones
//! left out, and filters judged on the reviewed values. Written once over the backends'
//! raw reads ([`Ledger::for_each_extracted_claim`], [`Ledger::claim_spots`],
//! [`Ledger::reviews`]).
//!
//! Unreviewed claims are filtered in SQL as before. Reviewed claims are read apart, with
//! only the filter's document conditions (document, text, publication day) and the moment
//! of the read (standing now, or at `known_on`) in SQL, and judged here on their
//! reviewed values; the two id-ordered streams are merged, so the order and the limit hold.

use std::collections::HashSet;
use std::ops::ControlFlow;

use jiff::civil::Date;
use tally_core::Claim;

use crate::review::{self, Resolved};
use crate::{ClaimFilter, DocumentHash, Error, Ledger, StoredClaim};

/// Every review resolved to the claim it bears on: the reviews and claims of now, or those
/// of the ledger as it stood at `known_on` (reviews made by then, claims standing then).
pub(crate) fn resolved<L: Ledger + ?Sized>(
    ledger: &L,
    known_on: Option<jiff::Timestamp>,
) -> Result<Resolved, Error> {
    let mut reviews = ledger.reviews()?;
    if let Some(known_on) = known_on {
        reviews.retain(|review| review.at <= known_on);
    }
    if reviews.is_empty() {
        return Ok(Resolved::default());
    }
    let mut hashes: Vec<DocumentHash> = Vec::new();
    let mut seen = HashSet::new();
    for review in &reviews {
        if seen.insert(review.document_hash.clone()) {
            hashes.push(review.document_hash.clone());
        }
    }
    let spots = ledger.claim_spots(&hashes, known_on)?;
    Ok(review::resolve(reviews, &spots))
}

/// See [`Ledger::for_each_claim`].
pub(crate) fn for_each_claim<L: Ledger + ?Sized>(
    ledger: &L,
    filter: &ClaimFilter,
    each: &mut dyn FnMut(StoredClaim) -> ControlFlow<()>,
) -> Result<(), Error> {
    let mut resolved = resolved(ledger, filter.known_on)?;
    if resolved.by_claim.is_empty() {
        return ledger.for_each_extracted_claim(filter, None, each);
    }
    // The reviewed claims, judged on their reviewed values.
    let mut ids: Vec<i64> = resolved.by_claim.keys().copied().collect();
    ids.sort_unstable();
    let unreviewed_filter = ClaimFilter {
        doc: filter.doc.clone(),
        text: filter.text.clone(),
        published_by: filter.published_by,
        known_on: filter.known_on,
        ..ClaimFilter::default()
    };
    let mut reviewed: Vec<StoredClaim> = Vec::new();
    ledger.for_each_extracted_claim(&unreviewed_filter, Some(&ids), &mut |mut stored| {
        if let Some(review) = resolved.by_claim.remove(&stored.id) {
            review.apply(&mut stored.claim);
            if !review.is_rejected() {
                stored.review = Some(review);
                reviewed.push(stored);
            }
        }
        ControlFlow::Continue(())
    })?;
    let mut kept = Vec::with_capacity(reviewed.len());
    for stored in reviewed {
        let published = if needs_published(filter, &stored.claim) {
            ledger
                .document(&stored.document_hash)?
                .and_then(|doc| doc.document.published)
        } else {
            None
        };
        if matches(filter, &stored.claim, published) {
            kept.push(stored);
        }
    }
    // Merge with the unreviewed claims the SQL filter lets through, in id order.
    let reviewed_ids: HashSet<i64> = ids.into_iter().collect();
    let mut kept = kept.into_iter().peekable();
    let mut remaining = filter.limit.unwrap_or(usize::MAX);
    let mut stopped = false;
    let mut emit = |stored: StoredClaim, remaining: &mut usize| -> ControlFlow<()> {
        if *remaining == 0 {
            return ControlFlow::Break(());
        }
        *remaining -= 1;
        let flow = each(stored);
        if *remaining == 0 {
            ControlFlow::Break(())
        } else {
            flow
        }
    };
    let all = ClaimFilter {
        limit: None,
        ..filter.clone()
    };
    ledger.for_each_extracted_claim(&all, None, &mut |stored| {
        if reviewed_ids.contains(&stored.id) {
            return ControlFlow::Continue(());
        }
        while let Some(next) = kept.next_if(|next| next.id < stored.id) {
            if emit(next, &mut remaining).is_break() {
                stopped = true;
                return ControlFlow::Break(());
            }
        }
        let flow = emit(stored, &mut remaining);
        stopped = flow.is_break();
        flow
    })?;
    if !stopped {
        for next in kept {
            if emit(next, &mut remaining).is_break() {
                break;
            }
        }
    }
    Ok(())
}

/// Whether judging the claim's dates needs its document's publication day.
fn needs_published(filter: &ClaimFilter, claim: &Claim) -> bool {
    (filter.since.is_some() || filter.until.is_some())
        && claim.as_of.is_none()
        && claim.stated.is_none()
}

fn contains_ignoring_case(haystack: Option<&str>, needle: &str) -> bool {
    haystack.is_some_and(|h| h.to_lowercase().contains(&needle.to_lowercase()))
}

/// Whether a (reviewed) claim passes the filter's conditions on claim fields, as the SQL
/// of `query::claims` judges them; the document conditions were applied in SQL.
fn matches(filter: &ClaimFilter, claim: &Claim, published: Option<Date>) -> bool {
    if let Some(actor) = &filter.actor {
        let same = |a: &str| a.to_lowercase() == actor.to_lowercase();
        let kept = match claim.actor.as_deref() {
            None => actor.is_empty(),
            Some(a) => same(a),
        };
        if !kept {
            return false;
        }
    }
    if filter.metric.is_some_and(|metric| metric != claim.metric)
        || filter.role.is_some_and(|role| role != claim.role)
        || filter.scope.is_some_and(|scope| scope != claim.scope)
    {
        return false;
    }
    if let Some(place) = &filter.place {
        let found = claim.place.as_ref().is_some_and(|p| {
            contains_ignoring_case(Some(&p.text), place)
                || contains_ignoring_case(p.name.as_deref(), place)
                || p.country
                    .as_deref()
                    .is_some_and(|c| c.to_lowercase() == place.to_lowercase())
        });
        if !found {
            return false;
        }
    }
    if let Some(source) = &filter.source {
        if !contains_ignoring_case(claim.source.as_deref(), source) {
            return false;
        }
    }
    let last = claim
        .as_of
        .map(|span| span.last)
        .or(claim.stated)
        .or(published);
    let first = claim
        .as_of
        .map(|span| span.first)
        .or(claim.stated)
        .or(published);
    if let Some(since) = filter.since {
        if last.is_none_or(|day| day < since) {
            return false;
        }
    }
    if let Some(until) = filter.until {
        if first.is_none_or(|day| day > until) {
            return false;
        }
    }
    true
}
