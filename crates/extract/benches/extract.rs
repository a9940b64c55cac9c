//! Extraction throughput on `corpus/bulk/news-bulk.jsonl.gz`: bytes of text per second
//! through `Extractor::extract`, on one core.
//!
//! Run with `cargo bench -p tally-extract --bench extract`. The corpus lives in the shared
//! folder beside the workspace (`../shared/corpus/bulk/`); when it is missing the bench says
//! so and measures nothing. Keep results in `bench/runs/` (see `bench/README.md`).

use std::hint::black_box;
use std::io::{BufRead, BufReader};
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, SamplingMode, Throughput};
use tally_core::Document;
use tally_extract::Extractor;

const BULK: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/corpus/bulk/news-bulk.jsonl.gz"
);

/// The documents of the bulk corpus, or `None` (with a message) when it cannot be read.
fn load_bulk() -> Option<Vec<Document>> {
    let file = match std::fs::File::open(BULK) {
        Ok(file) => file,
        Err(error) => {
            eprintln!("skipping the extraction bench: cannot open {BULK}: {error}");
            return None;
        }
    };
    let reader = BufReader::new(flate2::read::MultiGzDecoder::new(file));
    let mut docs = Vec::new();
    for (line_idx, line) in reader.lines().enumerate() {
        let line = match line {
            Ok(line) => line,
            Err(error) => {
                eprintln!(
                    "skipping the extraction bench: {BULK}:{}: {error}",
                    line_idx + 1
                );
                return None;
            }
        };
        let Ok(json) = serde_json::from_str::<serde_json::Value>(&line) else {
            continue;
        };
        let Some(text) = json["text"].as_str() else {
            continue;
        };
        let id = json["id"]
            .as_str()
            .map_or_else(|| format!("bulk:{}", line_idx + 1), str::to_string);
        let published = json["published"]
            .as_str()
            .and_then(|published| published.get(..10))
            .and_then(|day| day.parse().ok());
        docs.push(Document::new(id, text).with_published(published));
    }
    Some(docs)
}

fn extract_bulk(c: &mut Criterion) {
    let Some(docs) = load_bulk() else { return };
    let n_bytes: usize = docs.iter().map(|doc| doc.text.len()).sum();
    let extractor = Extractor::english();
    let n_claims: usize = docs
        .iter()
        .map(|doc| extractor.extract(doc).claims.len())
        .sum();
    eprintln!(
        "bulk corpus: {} documents, {} bytes of text, {n_claims} claims",
        docs.len(),
        n_bytes
    );

    let mut group = c.benchmark_group("extract");
    group.throughput(Throughput::Bytes(n_bytes as u64));
    // One pass over the corpus takes most of a second: flat sampling, ten samples, about
    // half a minute a run.
    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    group.bench_function("news-bulk", |b| {
        b.iter(|| {
            let mut n_claims = 0;
            for doc in &docs {
                n_claims += black_box(extractor.extract(black_box(doc))).claims.len();
            }
            n_claims
        })
    });
    group.finish();
}

criterion_group!(benches, extract_bulk);
criterion_main!(benches);
