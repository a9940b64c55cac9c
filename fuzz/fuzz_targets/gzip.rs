//! Any bytes read as a gzip-compressed input (decompressed up to the cap of
//! `tally_fuzz::limits`, 1 MB): the first byte picks JSONL, HTML or WARC inside, the rest
//! is the compressed stream. Every error names the input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tally_ingest::FileKind;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, stream)) = data.split_first() else {
        return;
    };
    let kind = match pick % 3 {
        0 => FileKind::JsonlGz,
        1 => FileKind::HtmlGz,
        _ => FileKind::WarcGz,
    };
    tally_fuzz::read_as(stream, kind);
});
