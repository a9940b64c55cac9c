//! The claim model of tally.
//!
//! A [`Document`] is a text with its metadata; a [`Claim`] is one figure asserted in it:
//! its [`Value`] (bounds, approximation), its [`Kind`], the [`Metric`] it counts, who is
//! counted ([`Role`] and an actor code), who asserts it, when, how sure, and the
//! [`Evidence`] (byte spans and rule ids) that explains it. A claim serializes to JSON with
//! the field names of `corpus/GOLD-FORMAT.md`.
//!
//! This crate does no IO and reads no clock.
//!
//! # Example
//!
//! ```
//! use tally_core::{Claim, Evidence, Kind, Metric, Role, Span, Value};
//!
//! let text = "Over 5,000 soldiers were killed.";
//! let claim = Claim::new(
//!     "doc-1",
//!     Kind::Count,
//!     Value::at_least(5000.0),
//!     Metric::Killed,
//!     Evidence::new(text, Span::new(0, text.len()), Span::new(5, 10)),
//! );
//! let json = serde_json::to_value(&claim).unwrap();
//! assert_eq!(json["low"], 5000);
//! assert!(json["high"].is_null());
//! assert_eq!(json["metric"], "killed");
//! assert_eq!(claim.role, Role::Unspecified);
//! ```
#![deny(missing_docs)]

mod claim;
mod document;
mod grade;
mod time;
mod value;

pub use claim::{
    Claim, Evidence, EvidenceField, Kind, Metric, Modality, Place, Role, Scope, Span, TextSpan,
};
pub use document::Document;
pub use grade::Grade;
pub use time::{DateSpan, TimeExpression};
pub use value::{Qualifier, Value};

/// The civil date type used across tally (a re-export of `jiff::civil::Date`).
pub use jiff::civil::Date;

/// The version of the extraction grammar; claims made by an older grammar are replaced
/// when documents are re-extracted.
pub const GRAMMAR_VERSION: &str = "2026.12.07-7";
