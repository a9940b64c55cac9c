//! Any bytes read as an RSS or Atom feed, as `tally-ingest` reads a file of that kind; every error
//! names the input. The documents read are not extracted (the `extract` and `body`
//! targets do that).
#![no_main]

use libfuzzer_sys::fuzz_target;
use tally_ingest::FileKind;

fuzz_target!(|data: &[u8]| {
    tally_fuzz::read_as(data, FileKind::Feed);
});
