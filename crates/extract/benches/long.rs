//! Extraction time against document length (issue 14): one text document built from the
//! sentences of `corpus/conflict-news.jsonl`, repeated to 1, 2, 4 and 8 MB, through
//! `Extractor::extract` on one core. Linear extraction costs about 8 times as much at 8 MB
//! as at 1 MB; the throughput criterion reports should stay flat across the sizes.
//!
//! Run with `cargo bench -p tally-extract --bench long`; `TALLY_BENCH_MB=1,2` measures only
//! the sizes listed. The corpus lives in the shared folder beside the workspace; when it is
//! missing the bench says so and measures nothing. Keep results in `bench/runs/`.

use std::hint::black_box;
use std::time::Duration;

use criterion::{
    criterion_group, criterion_main, BenchmarkId, Criterion, SamplingMode, Throughput,
};
use tally_core::Document;
use tally_extract::Extractor;

const CONFLICT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/corpus/conflict-news.jsonl"
);

/// The texts of the conflict corpus joined as paragraphs, or `None` (with a message).
fn load_paragraphs() -> Option<String> {
    let corpus = match std::fs::read_to_string(CONFLICT) {
        Ok(corpus) => corpus,
        Err(error) => {
            eprintln!("skipping the long-document bench: cannot read {CONFLICT}: {error}");
            return None;
        }
    };
    let texts: Vec<String> = corpus
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter_map(|json| json["text"].as_str().map(str::to_string))
        .collect();
    (!texts.is_empty()).then(|| texts.join("\n\n"))
}

/// One document of about `n_bytes` bytes: the paragraphs repeated, cut at a paragraph end.
fn long_document(paragraphs: &str, n_bytes: usize) -> Document {
    let mut text = String::with_capacity(n_bytes + paragraphs.len());
    while text.len() < n_bytes {
        text.push_str(paragraphs);
        text.push_str("\n\n");
    }
    let mut cut = n_bytes.min(text.len());
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let end = text[..cut].rfind("\n\n").unwrap_or(cut);
    text.truncate(end);
    let published = "2025-04-01".parse().ok();
    Document::new(format!("long-{n_bytes}"), text).with_published(published)
}

fn extract_long(c: &mut Criterion) {
    let Some(paragraphs) = load_paragraphs() else {
        return;
    };
    let sizes: Vec<usize> = std::env::var("TALLY_BENCH_MB")
        .unwrap_or_else(|_| "1,2,4,8".to_string())
        .split(',')
        .filter_map(|mb| mb.trim().parse().ok())
        .collect();
    let extractor = Extractor::english();
    let mut group = c.benchmark_group("extract-long");
    // One pass over 8 MB takes about a second: flat sampling, ten samples.
    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(5));
    for mb in sizes {
        let doc = long_document(&paragraphs, mb * 1_000_000);
        group.throughput(Throughput::Bytes(doc.text.len() as u64));
        group.bench_with_input(
            BenchmarkId::from_parameter(format!("{mb}MB")),
            &doc,
            |b, doc| b.iter(|| black_box(extractor.extract(black_box(doc))).claims.len()),
        );
    }
    group.finish();
}

criterion_group!(benches, extract_long);
criterion_main!(benches);
