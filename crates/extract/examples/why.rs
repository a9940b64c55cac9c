//! Why a text gave the claims it did: each claim with its rules, and each figure read and
//! dropped with the rule that dropped it. For grammar work:
//!
//!     echo "At the cost of tens of millions of lives." | \
//!         cargo run --release -q -p tally-extract --example why

use std::io::Read;

use tally_core::Document;
use tally_extract::Extractor;

fn main() -> std::io::Result<()> {
    let mut text = String::new();
    std::io::stdin().read_to_string(&mut text)?;
    let doc: Document = serde_json::from_value(serde_json::json!({"id": "stdin", "text": text}))
        .map_err(std::io::Error::other)?;
    let extraction = Extractor::english().extract(&doc);
    let around = |offset: usize| {
        let start = text.floor_char_boundary(offset.saturating_sub(30));
        let end = text.ceil_char_boundary((offset + 40).min(text.len()));
        text[start..end].replace('\n', " ")
    };
    for claim in &extraction.claims {
        let span = &claim.evidence.number;
        println!(
            "claim {:?} {:?} {:?} {:?} {:?} [{}]\n    {}",
            &text[span.start..span.end],
            claim.metric,
            claim.actor,
            claim.role,
            claim.scope,
            claim.rules.join(" "),
            around(span.start)
        );
    }
    for diagnostic in &extraction.diagnostics {
        println!(
            "dropped @{} {}\n    {}",
            diagnostic.offset,
            diagnostic.message,
            around(diagnostic.offset)
        );
    }
    Ok(())
}
