//! The application of tally: the use cases the command line (`tally-cli`) and the dashboard
//! and API (`tally-web`) share, between them and the libraries (core, lang, extract,
//! ingest, store, reconcile). The front ends parse what they are asked and render what they
//! get; what happens in between is written here, once.
//!
//! - [`Engine`]: the language data and the extractor, built once; its `extract` is the one
//!   guarded call of the extractor, turning a panic into [`Error::Extraction`] naming the
//!   document, so one bad document never stops a run or a server.
//! - [`ingest::ingest_body`]: a body (text, HTML, a feed, JSONL) into the ledger.
//! - [`reextract::reextract`]: the current grammar over documents an older one read.
//! - [`explain::explain_claim`]: why the ledger holds a claim, as data
//!   ([`explain::Explanation`]).
//! - [`series::series_at`]: one series at a day, answering its estimate, its share of
//!   another series and its timeline; [`series::load`] and [`series::load_incidents`] read
//!   the claims reconciling needs.
//! - [`chart::Chart`]: what a series' chart draws (each figure's shape from its bounds,
//!   the default scale, the axes, a colour per source), for the dashboard and `tally chart`.
//! - [`review::review`]: a person confirms, rejects or corrects a claim (a review is a
//!   row of its own); [`review::orphans`] and [`review::gold_lines`].
//! - [`sources::sources`]: every source with its record (claims, series, documents,
//!   revisions, how often it stands apart, its distance from the best estimate) and grade;
//!   [`sources::grade`] grades one on the Admiralty scale.
//! - [`asof`]: reads as of a past day or moment (`--published-by`, `--known-on`), and how
//!   a moment is read ([`asof::parse_known_on`]).
//! - [`actors`]: actors by name, from the gazetteer ("North Korea" = `PRK`), and their
//!   names beside their codes; [`answer::PlainAnswer`]: a series' answer as a sentence an
//!   analyst can read out; [`search::search`]: one search over series, claims, sources and
//!   documents.
//! - [`json::ClaimJson`] (a stored claim's JSON) and [`text`] (one-line text, brief day
//!   intervals): the shapes and words both front ends show.
//!
//! # Example
//!
//! One sentence ingested, then its series estimated:
//!
//! ```
//! use tally_app::series::{series_at, SeriesRequest};
//! use tally_app::Engine;
//! use tally_core::{Metric, Scope};
//!
//! let engine = Engine::english();
//! let mut ledger = tally_store::SqliteLedger::open_in_memory()?;
//! let body = b"date 2025-04-01 Kursk\nOver 5,000 North Korean soldiers have been killed or \
//!     injured, the UK Ministry of Defence said.".to_vec();
//! let report = tally_app::ingest::ingest_body(&mut ledger, &engine, body, "note.txt", None, None)?;
//! assert_eq!(report.n_claims, 1);
//!
//! let request = SeriesRequest {
//!     actor: "PRK".to_string(),
//!     metric: Metric::Casualties,
//!     role: None,
//!     scope: Scope::Total,
//!     group: None,
//!     at: None,
//!     min_grade: None,
//!     published_by: None,
//!     known_on: None,
//! };
//! let estimate = series_at(&ledger, &request)?.estimate()?;
//! assert_eq!(estimate.best.low.map(|n| n.0), Some(5000.0));
//! # Ok::<(), tally_app::Error>(())
//! ```
#![deny(missing_docs)]

pub mod actors;
pub mod answer;
pub mod asof;
pub mod chart;
mod engine;
mod error;
pub mod explain;
pub mod ingest;
pub mod json;
pub mod overview;
pub mod reextract;
pub mod review;
pub mod search;
pub mod series;
pub mod sources;
pub mod text;

pub use engine::{Engine, MAX_CLAIMS_PER_DOCUMENT};
pub use error::Error;
