//! The gazetteer: countries, first-level regions and cities, looked up by folded name.
//!
//! The data is `data/common/places.tsv`, generated from GeoNames (CC BY 4.0) and ISO 3166-2
//! by `data/common/places/generate.py`; its README gives the sources, the versions and the
//! rules. The file is embedded; loading it makes one hash map of folded keys, so a lookup
//! is one fold and one probe.

use std::fmt;

use rustc_hash::FxHashMap;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

use crate::load::Source;
use crate::Error;

/// What a place of the gazetteer is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PlaceKind {
    /// A city or town.
    City,
    /// A first-level region (an oblast, a province, a state).
    Region,
    /// A country.
    Country,
}

/// One place of the gazetteer.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceEntry {
    /// City, region or country.
    pub kind: PlaceKind,
    /// The canonical name ("El Fasher", "Kursk", "Ukraine").
    pub name: &'static str,
    /// ISO 3166-1 alpha-3 code of its country.
    pub country: &'static str,
    /// Its first-level region, when known; a region's own name for a region.
    pub region: Option<&'static str>,
    /// Latitude in degrees.
    pub lat: Option<f64>,
    /// Longitude in degrees.
    pub lon: Option<f64>,
    /// Its population, 0 when the data gives none.
    pub population: u64,
}

/// The gazetteer, with O(1) lookups on folded names.
#[derive(Clone, Default)]
pub struct Places {
    entries: Vec<PlaceEntry>,
    /// The place a key names by the rule of the README (a country, else a place of that
    /// very name, else a city, else the most populous), and whether the key is its own name.
    best: FxHashMap<&'static str, (u32, bool)>,
    /// The region a key names (the one of the most populous country), likewise.
    regions: FxHashMap<&'static str, (u32, bool)>,
    /// Countries by ISO 3166-1 alpha-3 code.
    countries: FxHashMap<&'static str, u32>,
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
        self.best.get(key).map(|&(i, _)| &self.entries[i as usize])
    }

    /// Like [`lookup_region`](Self::lookup_region), for a key that is already folded.
    pub fn lookup_region_folded(&self, key: &str) -> Option<&PlaceEntry> {
        self.regions
            .get(key)
            .map(|&(i, _)| &self.entries[i as usize])
    }

    /// The country of an ISO 3166-1 alpha-3 code ("UKR").
    pub fn country(&self, code: &str) -> Option<&PlaceEntry> {
        self.countries.get(code).map(|&i| &self.entries[i as usize])
    }

    /// The number of places.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the gazetteer is empty.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Parses the gazetteer file.
    pub(crate) fn parse(src: &Source) -> Result<Places, Error> {
        let mut entries = Vec::with_capacity(50_000);
        let mut keys_of: Vec<&'static str> = Vec::with_capacity(50_000);
        for (line_idx, line) in src.text.lines().enumerate() {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let bad = |message: String| Error::Invalid {
                file: src.file,
                line: line_idx + 1,
                message,
            };
            let mut fields = line.split('\t');
            let mut next = |what: &str| {
                fields
                    .next()
                    .ok_or_else(|| bad(format!("missing field {what}")))
            };
            let kind = match next("kind")? {
                "city" => PlaceKind::City,
                "region" => PlaceKind::Region,
                "country" => PlaceKind::Country,
                other => return Err(bad(format!("unknown place kind {other:?}"))),
            };
            let name = next("name")?;
            let country = next("country")?;
            let region = next("region")?;
            let lat = next("lat")?;
            let lon = next("lon")?;
            let population = next("population")?;
            let keys = next("keys")?;
            let coordinate = |s: &str, max: f64| -> Result<Option<f64>, Error> {
                if s.is_empty() {
                    return Ok(None);
                }
                match s.parse::<f64>() {
                    Ok(x) if x.abs() <= max => Ok(Some(x)),
                    _ => Err(bad(format!("bad coordinate {s:?}"))),
                }
            };
            if name.is_empty() || keys.is_empty() || country.len() != 3 {
                return Err(bad(
                    "a place needs a name, keys and an alpha-3 country".into()
                ));
            }
            entries.push(PlaceEntry {
                kind,
                name,
                country,
                region: (!region.is_empty()).then_some(region),
                lat: coordinate(lat, 90.0)?,
                lon: coordinate(lon, 180.0)?,
                population: population
                    .parse()
                    .map_err(|_| bad(format!("bad population {population:?}")))?,
            });
            keys_of.push(keys);
        }
        // A country's population ranks regions of the same name.
        let mut country_population: FxHashMap<&str, u64> = FxHashMap::default();
        let mut countries: FxHashMap<&'static str, u32> = FxHashMap::default();
        for (idx, e) in entries.iter().enumerate() {
            if e.kind == PlaceKind::Country {
                country_population.insert(e.country, e.population);
                countries.entry(e.country).or_insert(idx as u32);
            }
        }
        // A country first; then a place whose own name the key is (the first key) over one
        // that has it as an alternate name ("Oklahoma" the state, not Oklahoma City); then
        // a city over a region; then the larger population (of the region's country).
        let rank = |idx: u32, main: bool| -> (bool, bool, bool, u64) {
            let e = &entries[idx as usize];
            let population = match e.kind {
                PlaceKind::Region => country_population.get(e.country).copied().unwrap_or(0),
                _ => e.population,
            };
            let country = e.kind == PlaceKind::Country;
            (country, main, e.kind == PlaceKind::City, population)
        };
        // Each key keeps its best place and whether the key is that place's own name.
        let mut best: FxHashMap<&'static str, (u32, bool)> = FxHashMap::default();
        best.reserve(130_000);
        let mut regions: FxHashMap<&'static str, (u32, bool)> = FxHashMap::default();
        for (idx, keys) in keys_of.iter().enumerate() {
            let idx = idx as u32;
            let is_region = entries[idx as usize].kind == PlaceKind::Region;
            for (key_idx, key) in keys.split('|').enumerate() {
                let main = key_idx == 0;
                let new = rank(idx, main);
                // The first of equals in file order wins, so the result is deterministic.
                let slot = best.entry(key).or_insert((idx, main));
                if rank(slot.0, slot.1) < new {
                    *slot = (idx, main);
                }
                if is_region {
                    let slot = regions.entry(key).or_insert((idx, main));
                    if rank(slot.0, slot.1) < new {
                        *slot = (idx, main);
                    }
                }
            }
        }
        Ok(Places {
            entries,
            best,
            regions,
            countries,
        })
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
