//! Scores tally's claims against gold annotations (`corpus/gold/*.jsonl`).
//!
//! A gold line ([`GoldDoc`]) lists, for one document, every claim an analyst would record
//! ([`GoldClaim`]), each located by a verbatim `quote`. [`score`] places the quotes in the
//! documents' texts ([`locate_quotes`]), matches tally's claims to them one to one, and
//! returns a [`Report`]: detection and claim precision, recall and F1 ([`Counts`]), the
//! accuracy of every other field over the matched claims ([`FieldScore`]), scores per
//! corpus, and every miss, extra, near miss and disagreeing field, for reading
//! ([`Report::render`]) or as JSON (`Report` is `Serialize`).
//!
//! A claim matches a gold claim when its number span overlaps the gold quote and its kind
//! and bounds agree, bounds within 2 % of the gold value ([`bound_agrees`]); claim scores
//! also require metric and actor to agree. Sources are compared by word overlap after
//! folding aliases ([`source_agrees`]). The format is described in `corpus/GOLD-FORMAT.md`.
//!
//! [`event_count`] and [`Tally`] score the killed and wounded counts read from texts
//! against public victim-count datasets (`tally eval-victims`).
//!
//! # Example
//!
//! ```
//! use std::collections::HashMap;
//! use tally_core::{Claim, Document, Evidence, Kind, Metric, Span, Value};
//!
//! let text = "Over 5,000 soldiers were killed, officials said. 12 tanks were lost.";
//! let gold = tally_eval::parse_gold(
//!     concat!(
//!         r#"{"doc": "d", "corpus": "seed", "claims": ["#,
//!         r#"{"quote": "Over 5,000 soldiers", "kind": "count", "low": 5000, "high": null,"#,
//!         r#" "metric": "killed", "role": "military", "source": "officials"}]}"#,
//!     ),
//!     "gold.jsonl".as_ref(),
//! )?;
//! let docs = HashMap::from([("d".to_string(), Document::new("d", text))]);
//!
//! let sentence = Span::new(0, 48);
//! let mut killed = Claim::new(
//!     "d",
//!     Kind::Count,
//!     Value::at_least(5000.0),
//!     Metric::Killed,
//!     Evidence::new(text, sentence, Span::new(0, 10)),
//! );
//! killed.source = Some("Officials".to_string());
//! let tanks = Claim::new(
//!     "d",
//!     Kind::Count,
//!     Value::point(12.0),
//!     Metric::EquipmentLost,
//!     Evidence::new(text, Span::new(49, text.len()), Span::new(49, 51)),
//! );
//!
//! let report = tally_eval::score(&gold, &docs, &[killed, tanks], &|s: &str| s.to_lowercase());
//! assert_eq!((report.detection.tp, report.detection.fp, report.detection.fn_), (1, 1, 0));
//! assert_eq!(report.detection.precision(), 0.5);
//! let source = report.fields.iter().find(|f| f.field == "source").unwrap();
//! assert_eq!((source.correct, source.n), (1, 1));
//! let role = report.fields.iter().find(|f| f.field == "role").unwrap();
//! assert_eq!((role.correct, role.n), (0, 1));
//! assert!(report.render(true).contains("12 equipment_lost"));
//! # Ok::<(), tally_eval::Error>(())
//! ```
#![deny(missing_docs)]

mod error;
mod fields;
mod gold;
mod locate;
mod report;
mod score;
mod victims;

pub use error::Error;
pub use fields::{bound_agrees, source_agrees, BOUND_TOLERANCE, FIELDS, SOURCE_OVERLAP};
pub use gold::{load_gold, load_gold_files, parse_gold, GoldClaim, GoldDoc, GoldTime};
pub use locate::{locate_quotes, sentence_around};
pub use report::{
    CorpusReport, Counts, Extra, FieldMismatch, FieldScore, Miss, NearMiss, Problem, Report,
};
pub use score::score;
pub use victims::{event_count, parse_victim_record, written_in, Tally, VictimError, VictimRecord};
