//! JSONL: one claim per line as `tally_core::Claim` serializes it (the field names of
//! `corpus/GOLD-FORMAT.md`), then with `--times` one line per time expression.

use std::io::{self, Write};

use tally_core::Document;
use tally_extract::Extraction;

use super::Sink;

/// Writes JSON lines to `out`.
pub struct JsonlSink<W: Write> {
    out: W,
    times: bool,
}

impl<W: Write> JsonlSink<W> {
    /// A sink writing claims, and time expressions when `times` is set.
    pub fn new(out: W, times: bool) -> JsonlSink<W> {
        JsonlSink { out, times }
    }
}

impl<W: Write> Sink for JsonlSink<W> {
    fn document(&mut self, _doc: &Document, extraction: &Extraction) -> io::Result<()> {
        for claim in &extraction.claims {
            serde_json::to_writer(&mut self.out, claim)?;
            self.out.write_all(b"\n")?;
        }
        if self.times {
            for time in &extraction.times {
                serde_json::to_writer(&mut self.out, time)?;
                self.out.write_all(b"\n")?;
            }
        }
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::table::tests::{sample_document, sample_extraction};

    #[test]
    fn one_line_per_claim_then_per_time() {
        let mut out = Vec::new();
        let mut sink = JsonlSink::new(&mut out, true);
        sink.document(&sample_document(), &sample_extraction())
            .unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 3);
        let claim: tally_core::Claim = serde_json::from_str(lines[0]).unwrap();
        assert_eq!(claim.value.low, Some(5000.0));
        let time: serde_json::Value = serde_json::from_str(lines[2]).unwrap();
        assert_eq!(time["type"], "time");
        assert_eq!(time["value"][0], "2025-03-27");
    }
}
