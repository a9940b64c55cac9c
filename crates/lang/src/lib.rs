//! Language data for tally's extractor.
//!
//! Word lists and gazetteers are data, not code: `data/<lang>/*.toml` holds the words of
//! one language (numerals, qualifiers, metrics, counted nouns, what is not a claim,
//! calendar words, sentence rules, place words, and in `words.toml` the small words the
//! rules look for, read into [`RuleWords`]) and `data/common/` the gazetteers every
//! language shares (actors, sources, and `places.tsv`: countries, regions and cities from
//! GeoNames, CC BY 4.0). The files are embedded at build time and checked when a
//! [`Lang`] is loaded: unknown keys, phrases not in lowercase and duplicate phrases are
//! refused with the file and line.
//!
//! # Example
//!
//! ```
//! let lang = tally_lang::Lang::english().unwrap();
//! assert_eq!(lang.numbers.units["five"], 5.0);
//! assert!(lang.actors.iter().any(|a| a.code == "PRK" && a.names.iter().any(|n| n == "dprk")));
//! ```
#![deny(missing_docs)]

mod attribution;
mod error;
// Reading and encoding the file serve the build script (and the tests); the library decodes.
#[cfg_attr(not(test), allow(dead_code))]
mod gazetteer;
mod load;
mod model;
mod places;
mod scope;
mod time;
mod words;

pub use attribution::{
    AttributionData, CountryEntry, ReportVerb, SourceEntry, SourceKind, REPORT_LEMMAS,
};
pub use error::Error;
pub use model::*;
pub use places::{fold_place, PlaceEntry, PlaceKind, Places};
pub use scope::ScopeWords;
pub use time::{ClockWords, DayWord, TimeWords, UnitWords, CUES, PARTS, UNITS};
pub use words::{
    ActorWords, ClaimWords, ConfidenceWords, NotClaimWords, RuleWords, SourceWords, StoryWords,
    TimeRuleWords, WordSet,
};

impl Lang {
    /// The English data, with the common gazetteers.
    ///
    /// # Errors
    ///
    /// Returns an error naming the file and line when the embedded data is malformed; the
    /// crate's tests make sure it is not.
    pub fn english() -> Result<Lang, Error> {
        load::english()
    }
}
