//! The gazetteer file `data/common/places.tsv` read into tables, and those tables in a
//! compact form.
//!
//! This module uses only `std` and `rustc-hash`: the build script (`build.rs`) includes it
//! to check the file and rank its places once, at build time, and writes the tables with
//! [`Table::encode`], the keys laid out as hash tables ([`KeyTable`]); the library reads
//! them back with [`decode`], which makes the places from their words and looks the keys
//! up where they lie, in the embedded bytes. The library's tests also run [`Table::parse`]
//! on small files, and check that decoding gives back what parsing gave.

use std::collections::hash_map::Entry;

use rustc_hash::FxHashMap;

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

/// The places of the gazetteer and the keys that name them.
#[derive(Clone, Default)]
pub(crate) struct Table {
    pub(crate) entries: Vec<PlaceEntry>,
    /// The place a key names by the rule of the README (a country, else a place of that
    /// very name, else a city, else the most populous), and whether the key is its own name.
    pub(crate) best: FxHashMap<&'static str, (u32, bool)>,
    /// The region a key names (the one of the most populous country), likewise.
    pub(crate) regions: FxHashMap<&'static str, (u32, bool)>,
    /// Countries by ISO 3166-1 alpha-3 code.
    pub(crate) countries: FxHashMap<&'static str, u32>,
}

/// A problem of the file: its 1-based line and what is wrong.
#[derive(Debug)]
pub(crate) struct Invalid {
    pub(crate) line: usize,
    pub(crate) message: String,
}

impl Table {
    /// Parses and checks the gazetteer file, and ranks the places each key may name.
    ///
    /// This runs in the build script, so it is written plainly; each key is hashed once per
    /// map and each place's rank computed once.
    pub(crate) fn parse(text: &'static str) -> Result<Table, Invalid> {
        let mut entries = Vec::with_capacity(50_000);
        // Every key with its place and whether it is that place's own name, in file order.
        let mut keys: Vec<(&'static str, u32, bool)> = Vec::with_capacity(130_000);
        for (line_idx, line) in text.lines().enumerate() {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let bad = |message: String| Invalid {
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
            let place_keys = next("keys")?;
            let coordinate = |s: &str, max: f64| -> Result<Option<f64>, Invalid> {
                if s.is_empty() {
                    return Ok(None);
                }
                match s.parse::<f64>() {
                    Ok(x) if x.abs() <= max => Ok(Some(x)),
                    _ => Err(bad(format!("bad coordinate {s:?}"))),
                }
            };
            if name.is_empty() || place_keys.is_empty() || country.len() != 3 {
                return Err(bad(
                    "a place needs a name, keys and an alpha-3 country".into()
                ));
            }
            let idx = entries.len() as u32;
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
            for (key_idx, key) in place_keys.split('|').enumerate() {
                keys.push((key, idx, key_idx == 0));
            }
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
        let ranks: Vec<(bool, bool, u64)> = entries
            .iter()
            .map(|e| {
                let population = match e.kind {
                    PlaceKind::Region => country_population.get(e.country).copied().unwrap_or(0),
                    _ => e.population,
                };
                (
                    e.kind == PlaceKind::Country,
                    e.kind == PlaceKind::City,
                    population,
                )
            })
            .collect();
        let rank = |(idx, main): (u32, bool)| -> (bool, bool, bool, u64) {
            let (country, city, population) = ranks[idx as usize];
            (country, main, city, population)
        };
        // Each key keeps its best place and whether the key is that place's own name; the
        // first of equals in file order wins, so the result is deterministic.
        let keep_best =
            |map: &mut FxHashMap<&'static str, (u32, bool)>, key, place| match map.entry(key) {
                Entry::Vacant(slot) => {
                    slot.insert(place);
                }
                Entry::Occupied(mut slot) => {
                    if rank(*slot.get()) < rank(place) {
                        slot.insert(place);
                    }
                }
            };
        let mut best = FxHashMap::with_capacity_and_hasher(keys.len(), Default::default());
        let mut regions = FxHashMap::default();
        for &(key, idx, main) in &keys {
            keep_best(&mut best, key, (idx, main));
            if entries[idx as usize].kind == PlaceKind::Region {
                keep_best(&mut regions, key, (idx, main));
            }
        }
        Ok(Table {
            entries,
            best,
            regions,
            countries,
        })
    }
}

/// The number of `u32` words [`Table::encode`] writes for one place.
const ENTRY_WORDS: usize = 13;
/// The number of `u32` words [`Table::encode`] writes for one key.
const KEY_WORDS: usize = 3;
/// The words of a coordinate that is not given (a NaN, which no coordinate is).
const NO_COORDINATE: u64 = u64::MAX;
/// The length of a region that is not given.
const NO_REGION: u32 = u32::MAX;

impl Table {
    /// The tables as little-endian `u32` words, for [`decode`]: the number of places, then
    /// each place (kind, then name, country and region as offset and length in `text`,
    /// then latitude, longitude and population as two words each); then the best keys,
    /// the region keys and the countries, each as a [`KeyTable`] (the number of keys and
    /// of slots, each key as offset and length in `text` and its place's index with the
    /// own-name flag in the top bit, then the slots).
    ///
    /// # Panics
    ///
    /// If a name or key is not a slice of `text`, the text the table was parsed from.
    pub(crate) fn encode(&self, text: &str) -> Vec<u8> {
        let span = |s: &str| -> [u32; 2] {
            let offset = (s.as_ptr() as usize)
                .checked_sub(text.as_ptr() as usize)
                .filter(|offset| offset + s.len() <= text.len())
                .expect("every name and key is a slice of the gazetteer's text");
            [offset as u32, s.len() as u32]
        };
        let halves = |x: u64| [x as u32, (x >> 32) as u32];
        let coordinate = |x: Option<f64>| halves(x.map_or(NO_COORDINATE, f64::to_bits));
        let mut words: Vec<u32> = vec![self.entries.len() as u32];
        for e in &self.entries {
            words.push(e.kind as u32);
            words.extend(span(e.name));
            words.extend(span(e.country));
            words.extend(e.region.map_or([0, NO_REGION], span));
            words.extend(coordinate(e.lat));
            words.extend(coordinate(e.lon));
            words.extend(halves(e.population));
        }
        let key_table = |words: &mut Vec<u32>, map: &FxHashMap<&str, (u32, bool)>| {
            let mut keys: Vec<_> = map.iter().collect();
            // In file order, so that the bytes do not depend on the hash map's order.
            keys.sort_unstable_by_key(|(key, _)| key.as_ptr());
            // At most half the slots are taken, so that a probe ends soon.
            let n_slots = (2 * keys.len()).next_power_of_two().max(2);
            let mut slots = vec![0u32; n_slots];
            for (key_idx, (key, _)) in keys.iter().enumerate() {
                let mut slot_idx = slot_of(key, n_slots);
                while slots[slot_idx] != 0 {
                    slot_idx = (slot_idx + 1) % n_slots;
                }
                slots[slot_idx] = key_idx as u32 + 1;
            }
            words.extend([keys.len() as u32, n_slots as u32]);
            for (key, &(idx, main)) in keys {
                words.extend(span(key));
                words.push(idx | u32::from(main) << 31);
            }
            words.extend(slots);
        };
        key_table(&mut words, &self.best);
        key_table(&mut words, &self.regions);
        let countries: FxHashMap<&str, (u32, bool)> = self
            .countries
            .iter()
            .map(|(&code, &idx)| (code, (idx, false)))
            .collect();
        key_table(&mut words, &countries);
        words.iter().flat_map(|word| word.to_le_bytes()).collect()
    }
}

/// The tables that [`Table::encode`] wrote, read back.
pub(crate) struct Decoded {
    pub(crate) entries: Vec<PlaceEntry>,
    pub(crate) best: KeyTable,
    pub(crate) regions: KeyTable,
    pub(crate) countries: KeyTable,
}

/// Reads back the tables that [`Table::encode`] wrote from `text`: the places are made
/// from their words; the keys are looked up where they lie, in `encoded`.
///
/// # Panics
///
/// If `encoded` is not what `encode` wrote from `text`.
pub(crate) fn decode(text: &'static str, encoded: &'static [u8]) -> Decoded {
    assert!(
        encoded.len().is_multiple_of(4),
        "the encoded gazetteer is whole words"
    );
    let n_entries = word_of(encoded, 0) as usize;
    let entries_end = 1 + n_entries * ENTRY_WORDS;
    let entries = encoded[4..4 * entries_end]
        .chunks_exact(4 * ENTRY_WORDS)
        .map(|record| {
            // As an array, the words' offsets are checked when compiled.
            let record: &[u8; 4 * ENTRY_WORDS] = record.try_into().expect("a whole record");
            let word = |idx: usize| word_of(record, idx);
            let text_at = |idx: usize| {
                let offset = word(idx) as usize;
                &text[offset..offset + word(idx + 1) as usize]
            };
            let long = |idx: usize| u64::from(word(idx)) | u64::from(word(idx + 1)) << 32;
            let coordinate = |idx: usize| {
                Some(long(idx))
                    .filter(|&bits| bits != NO_COORDINATE)
                    .map(f64::from_bits)
            };
            PlaceEntry {
                kind: match word(0) {
                    0 => PlaceKind::City,
                    1 => PlaceKind::Region,
                    _ => PlaceKind::Country,
                },
                name: text_at(1),
                country: text_at(3),
                region: (word(6) != NO_REGION).then(|| text_at(5)),
                lat: coordinate(7),
                lon: coordinate(9),
                population: long(11),
            }
        })
        .collect();
    let best_start = entries_end;
    let best = KeyTable::decode(text, encoded, best_start);
    let regions_start = best_start + best.n_words();
    let regions = KeyTable::decode(text, encoded, regions_start);
    let countries_start = regions_start + regions.n_words();
    let countries = KeyTable::decode(text, encoded, countries_start);
    assert_eq!(
        encoded.len() / 4,
        countries_start + countries.n_words(),
        "the encoded gazetteer has the length its counts give"
    );
    Decoded {
        entries,
        best,
        regions,
        countries,
    }
}

/// The `u32` at word `idx` of a record.
fn word_of(record: &[u8], idx: usize) -> u32 {
    u32::from_le_bytes([
        record[4 * idx],
        record[4 * idx + 1],
        record[4 * idx + 2],
        record[4 * idx + 3],
    ])
}

/// The little-endian `u64` of eight bytes.
fn u64_of(word: &[u8]) -> u64 {
    u64::from_le_bytes(word.try_into().expect("a word is eight bytes"))
}

/// Keys and the place each names, looked up in place in the encoded tables: an open
/// addressing hash table (linear probing, at most half full) whose slots hold the 1-based
/// index of a key, 0 when empty.
#[derive(Clone, Default)]
pub(crate) struct KeyTable {
    text: &'static str,
    /// The keys' records of [`KEY_WORDS`] words.
    keys: &'static [u8],
    /// The slots, a power of two of words, or none.
    slots: &'static [u8],
}

impl KeyTable {
    fn decode(text: &'static str, encoded: &'static [u8], start: usize) -> KeyTable {
        let word = |idx: usize| word_of(encoded, start + idx) as usize;
        let (n_keys, n_slots) = (word(0), word(1));
        let keys_start = 4 * (start + 2);
        let slots_start = keys_start + 4 * n_keys * KEY_WORDS;
        KeyTable {
            text,
            keys: &encoded[keys_start..slots_start],
            slots: &encoded[slots_start..slots_start + 4 * n_slots],
        }
    }

    /// The number of words of the table in the encoded tables.
    fn n_words(&self) -> usize {
        2 + (self.keys.len() + self.slots.len()) / 4
    }

    /// The number of keys.
    pub(crate) fn len(&self) -> usize {
        self.keys.len() / (4 * KEY_WORDS)
    }

    /// The index of the place `key` names, and whether it is that place's own name.
    pub(crate) fn get(&self, key: &str) -> Option<(u32, bool)> {
        if self.slots.is_empty() {
            return None;
        }
        let n_slots = self.slots.len() / 4;
        let mut slot_idx = slot_of(key, n_slots);
        loop {
            let key_idx = word_of(self.slots, slot_idx).checked_sub(1)? as usize;
            let record: &[u8; 4 * KEY_WORDS] = self.keys
                [4 * KEY_WORDS * key_idx..4 * KEY_WORDS * (key_idx + 1)]
                .try_into()
                .expect("a whole record");
            let offset = word_of(record, 0) as usize;
            let len = word_of(record, 1) as usize;
            if self.text.as_bytes().get(offset..offset + len) == Some(key.as_bytes()) {
                let place = word_of(record, 2);
                return Some((place & !(1 << 31), place >> 31 == 1));
            }
            slot_idx = (slot_idx + 1) & (n_slots - 1);
        }
    }

    /// Every key and what it names, in file order.
    #[cfg(test)]
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&'static str, (u32, bool))> + '_ {
        self.keys.chunks_exact(4 * KEY_WORDS).map(|record| {
            let offset = word_of(record, 0) as usize;
            let key = &self.text[offset..offset + word_of(record, 1) as usize];
            (key, self.get(key).expect("each key of the table is found"))
        })
    }
}

/// The first slot to probe for `key` in a table of `n_slots` slots, a power of two: the top
/// bits of an FxHash-like hash of its bytes, computed alike at build time and at run time
/// (eight bytes a word, little-endian, whatever the machine).
fn slot_of(key: &str, n_slots: usize) -> usize {
    const SEED: u64 = 0xf135_7aea_2e62_a9c5;
    let mut words = key.as_bytes().chunks_exact(8);
    let mut hash = (key.len() as u64).wrapping_mul(SEED);
    for word in &mut words {
        hash = (hash ^ u64_of(word)).wrapping_mul(SEED);
    }
    let last = words
        .remainder()
        .iter()
        .enumerate()
        .fold(0u64, |last, (byte_idx, &b)| {
            last | u64::from(b) << (8 * byte_idx)
        });
    hash = (hash ^ last).wrapping_mul(SEED);
    (hash >> (64 - n_slots.trailing_zeros())) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decoding_gives_back_what_was_encoded() {
        let text = "country\tUkraine\tUKR\t\t49.0\t32.0\t41000000\tukraine\n\
                    region\tKursk\tRUS\tKursk\t\t\t0\tkursk|kursk oblast\n\
                    city\tKursk\tRUS\tKursk\t51.73\t-36.19\t440000\tkursk\n";
        let table = Table::parse(text).unwrap_or_else(|e| panic!("{e:?}"));
        let encoded = Box::leak(table.encode(text).into_boxed_slice());
        let decoded = decode(text, encoded);
        assert_eq!(decoded.entries, table.entries);
        assert_eq!(decoded.entries[1].lat, None);
        assert_eq!(decoded.entries[0].region, None);
        assert_eq!(decoded.best.get("kursk"), Some((2, true)));
        assert_eq!(decoded.regions.get("kursk oblast"), Some((1, false)));
        assert_eq!(decoded.countries.get("UKR"), Some((0, false)));
        assert_eq!(decoded.best.get("kurs"), None);
        assert_eq!(decoded.regions.get("ukraine"), None);
        assert_eq!(KeyTable::default().get("kursk"), None);
    }
}
