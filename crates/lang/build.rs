//! Checks the gazetteer `data/common/places.tsv` and ranks the places each of its keys may
//! name once, at build time, so that loading the language data only reads the result.
//!
//! The reading and the ranking are `src/gazetteer.rs`, which the library shares; the result
//! goes to `$OUT_DIR/places.bin` ([`gazetteer::Table::encode`]), which `src/places.rs`
//! embeds next to the file itself. A problem in the file stops the build with its line.

use std::path::PathBuf;

// The library uses the decoding half of the module, the build script the other.
#[allow(dead_code)]
#[path = "src/gazetteer.rs"]
mod gazetteer;

fn main() {
    let path = "data/common/places.tsv";
    println!("cargo::rerun-if-changed={path}");
    println!("cargo::rerun-if-changed=src/gazetteer.rs");
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {path}: {e}"));
    // The table borrows its names from the text, as the library's from the embedded text.
    let text: &'static str = Box::leak(text.into_boxed_str());
    let table = gazetteer::Table::parse(text).unwrap_or_else(|invalid| {
        panic!("common/places.tsv:{}: {}", invalid.line, invalid.message)
    });
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let out = out.join("places.bin");
    std::fs::write(&out, table.encode(text))
        .unwrap_or_else(|e| panic!("writing {}: {e}", out.display()));
}
