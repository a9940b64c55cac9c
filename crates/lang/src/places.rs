//! The gazetteer: countries, first-level regions and cities, looked up by folded name.
//!
//! The data is `data/common/places.tsv`, generated from GeoNames (CC BY 4.0) and ISO 3166-2
//! by `data/common/places/generate.py`; its README gives the sources, the versions and the
//! rules. The file is embedded with the tables the build script made of it (`build.rs`,
//! `gazetteer.rs`: the file checked, the places of each key ranked and the keys laid out as
//! hash tables at build time); loading reads the places, and a lookup is one fold and one
//! probe of a table where it lies.

use std::fmt;

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

use crate::gazetteer::KeyTable;
#[cfg(test)]
use crate::gazetteer::Table;
pub use crate::gazetteer::{PlaceEntry, PlaceKind};
#[cfg(test)]
use crate::load::Source;
#[cfg(test)]
use crate::Error;

/// The gazetteer, with O(1) lookups on folded names.
#[derive(Clone, Default)]
pub struct Places {
    entries: Vec<PlaceEntry>,
    /// The place a key names by the rule of the README (a country, else a place of that
    /// very name, else a city, else the most populous), and whether the key is its own name.
    best: KeyTable,
    /// The region a key names (the one of the most populous country), likewise.
    regions: KeyTable,
    /// Countries by ISO 3166-1 alpha-3 code.
    countries: KeyTable,
}

impl fmt::Debug for Places {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Places")
            .field("entries", &self.entries.len())
            .field("keys", &self.best.len())
            .finish()
    }
}

/// Folds a name into a lookup key: lowercase, diacritics removed, apostrophes and periods
/// removed, dashes as spaces, spaces collapsed ("el-Fasher" → "el fasher", "Kup'yans'k" →
/// "kupyansk"). The generator folds the data the same way.
///
/// # Example
///
/// ```
/// assert_eq!(tally_lang::fold_place("Khān Yūnis"), "khan yunis");
/// assert_eq!(tally_lang::fold_place("el-Fasher"), "el fasher");
/// ```
pub fn fold_place(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut space = false;
    let mut push = |c: char, out: &mut String| {
        if c.is_whitespace() || is_dash(c) {
            space = !out.is_empty();
        } else if !is_apostrophe(c) && c != '.' {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    };
    if name.is_ascii() {
        for c in name.chars() {
            push(c.to_ascii_lowercase(), &mut out);
        }
    } else {
        for c in name.nfkd().filter(|c| !is_combining_mark(*c)) {
            for lower in c.to_lowercase() {
                push(lower, &mut out);
            }
        }
    }
    out
}

fn is_apostrophe(c: char) -> bool {
    matches!(
        c,
        '\'' | '\u{2019}' | '\u{2018}' | '`' | '\u{2bc}' | '\u{2bb}' | '\u{2032}' | '\u{2b9}'
    )
}

fn is_dash(c: char) -> bool {
    matches!(
        c,
        '-' | '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2212}'
    )
}

impl Places {
    /// The place a name most likely means: a country, else the most populous city, else a
    /// region.
    ///
    /// # Example
    ///
    /// ```
    /// let lang = tally_lang::Lang::english().unwrap();
    /// let kyiv = lang.places.lookup("Kiev").unwrap();
    /// assert_eq!((kyiv.name, kyiv.country), ("Kyiv", "UKR"));
    /// ```
    pub fn lookup(&self, name: &str) -> Option<&PlaceEntry> {
        self.lookup_folded(&fold_place(name))
    }

    /// The region a name means ("Kursk" in "the Kursk region"), if the gazetteer has one.
    pub fn lookup_region(&self, name: &str) -> Option<&PlaceEntry> {
        self.lookup_region_folded(&fold_place(name))
    }

    /// Like [`lookup`](Self::lookup), for a key that is already folded.
    pub fn lookup_folded(&self, key: &str) -> Option<&PlaceEntry> {
        self.best.get(key).map(|(i, _)| &self.entries[i as usize])
    }

    /// Like [`lookup_region`](Self::lookup_region), for a key that is already folded.
    pub fn lookup_region_folded(&self, key: &str) -> Option<&PlaceEntry> {
        self.regions
            .get(key)
            .map(|(i, _)| &self.entries[i as usize])
    }

    /// The country of an ISO 3166-1 alpha-3 code ("UKR").
    pub fn country(&self, code: &str) -> Option<&PlaceEntry> {
        self.countries
            .get(code)
            .map(|(i, _)| &self.entries[i as usize])
    }

    /// The number of places.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the gazetteer is empty.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The embedded gazetteer, from the tables that the build script made of it: it
    /// checked `data/common/places.tsv`, ranked the places of each key and laid the keys
    /// out as hash tables that are looked up where they lie (`build.rs`).
    pub(crate) fn embedded() -> Places {
        let text = include_str!("../data/common/places.tsv");
        let encoded = include_bytes!(concat!(env!("OUT_DIR"), "/places.bin"));
        Places::from(crate::gazetteer::decode(text, encoded))
    }

    /// Parses a gazetteer file, as the build script does the embedded one.
    #[cfg(test)]
    pub(crate) fn parse(src: &Source) -> Result<Places, Error> {
        let table = Table::parse(src.text).map_err(|invalid| Error::Invalid {
            file: src.file,
            line: invalid.line,
            message: invalid.message,
        })?;
        let encoded = Box::leak(table.encode(src.text).into_boxed_slice());
        Ok(Places::from(crate::gazetteer::decode(src.text, encoded)))
    }
}

impl From<crate::gazetteer::Decoded> for Places {
    fn from(decoded: crate::gazetteer::Decoded) -> Places {
        let crate::gazetteer::Decoded {
            entries,
            best,
            regions,
            countries,
        } = decoded;
        Places {
            entries,
            best,
            regions,
            countries,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn places() -> Places {
        crate::Lang::english()
            .unwrap_or_else(|e| panic!("{e}"))
            .places
            .as_ref()
            .clone()
    }

    #[test]
    fn folding_drops_case_marks_apostrophes_and_dashes() {
        assert_eq!(fold_place("Kup'yans'k"), "kupyansk");
        assert_eq!(fold_place("Al-Fashir"), "al fashir");
        assert_eq!(fold_place("  Deir  al-Balah "), "deir al balah");
        assert_eq!(fold_place("Zaporizhzhia"), "zaporizhzhia");
        assert_eq!(fold_place("St. Petersburg"), "st petersburg");
    }

    #[test]
    fn reporting_spellings_find_their_city() {
        let places = places();
        for (written, name, country) in [
            ("Kyiv", "Kyiv", "UKR"),
            ("Kiev", "Kyiv", "UKR"),
            ("Kharkov", "Kharkiv", "UKR"),
            ("el-Fasher", "El Fasher", "SDN"),
            ("Al-Fashir", "El Fasher", "SDN"),
            ("Khan Younis", "Khān Yūnis", "PSE"),
            ("Donetsk", "Donetsk", "UKR"),
            ("Rafah", "Rafaḩ", "PSE"),
        ] {
            let found = places
                .lookup(written)
                .unwrap_or_else(|| panic!("{written} not found"));
            assert_eq!((found.name, found.country), (name, country), "{written}");
            assert_eq!(found.kind, PlaceKind::City, "{written}");
        }
    }

    #[test]
    fn an_own_name_wins_over_an_alternate_name() {
        let places = places();
        let oklahoma = places.lookup("Oklahoma").expect("Oklahoma");
        assert_eq!(
            (oklahoma.kind, oklahoma.name),
            (PlaceKind::Region, "Oklahoma")
        );
    }

    #[test]
    fn regions_and_countries_are_found() {
        let places = places();
        let kursk = places.lookup_region("Kursk").expect("Kursk region");
        assert_eq!((kursk.kind, kursk.country), (PlaceKind::Region, "RUS"));
        let darfur = places.lookup_region("North Darfur").expect("North Darfur");
        assert_eq!(darfur.country, "SDN");
        let ukraine = places.lookup("Ukraine").expect("Ukraine");
        assert_eq!((ukraine.kind, ukraine.country), (PlaceKind::Country, "UKR"));
        assert!(ukraine.lat.is_some() && ukraine.lon.is_some());
        assert_eq!(
            places.country("SDN").map(|c| c.kind),
            Some(PlaceKind::Country)
        );
    }

    #[test]
    fn the_embedded_tables_are_the_file_parsed() {
        let table = Table::parse(include_str!("../data/common/places.tsv"))
            .unwrap_or_else(|e| panic!("{e:?}"));
        let embedded = Places::embedded();
        assert!(table.entries == embedded.entries);
        for (map, keys) in [
            (&table.best, &embedded.best),
            (&table.regions, &embedded.regions),
        ] {
            assert_eq!(map.len(), keys.len());
            assert!(keys.iter().all(|(key, place)| map.get(key) == Some(&place)));
        }
        assert_eq!(table.countries.len(), embedded.countries.len());
        assert!(table
            .countries
            .iter()
            .all(|(code, &idx)| embedded.countries.get(code) == Some((idx, false))));
        assert_eq!(embedded.best.get("no such place"), None);
    }

    #[test]
    fn short_lines_are_refused_with_line() {
        let src = Source {
            file: "t.tsv",
            text: "city\tX\tUKR\t\t1\t2\t3\tx\r\n\ncity\tY\tUKR\t\t1\n",
        };
        let err = Places::parse(&src).err().map(|e| e.to_string());
        assert_eq!(err.as_deref(), Some("t.tsv:3: missing field lon"));
    }

    #[test]
    fn bad_lines_are_refused_with_line() {
        let src = Source {
            file: "t.tsv",
            text: "# comment\ncity\tX\tUKR\t\t1\t2\t3\tx\nplanet\tY\tUKR\t\t\t\t0\ty\n",
        };
        let err = Places::parse(&src).err().map(|e| e.to_string());
        assert_eq!(
            err.as_deref(),
            Some("t.tsv:3: unknown place kind \"planet\"")
        );
    }
}
