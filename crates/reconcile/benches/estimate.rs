//! An estimate over one million generated claims of one series: 20 sources, three years
//! of figures, each figure repeated by several documents, a tenth of them lower bounds:
//! from the claims (grouping them on every call), grouping them into an [`Index`], and
//! from the index.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;
use tally_core::{Claim, Date, DateSpan, Evidence, Kind, Metric, Role, Value};
use tally_reconcile::{estimate, Index, Options, SeriesKey};

const N_CLAIMS: usize = 1_000_000;

fn claims() -> Vec<Claim> {
    let start = Date::new(2023, 1, 1).expect("a valid day");
    let sources: Vec<String> = (0..20)
        .map(|source_idx| format!("Source number {source_idx}"))
        .collect();
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    (0..N_CLAIMS)
        .map(|claim_idx| {
            let r = next();
            let day = (r % 1000) as i64;
            let date = start
                .checked_add(jiff::Span::new().days(day))
                .expect("in range");
            let level = 1000.0 + 10.0 * day as f64 + ((r >> 20) % 50) as f64 * 10.0;
            let value = match (r >> 32) % 10 {
                0 => Value::at_least(level),
                1 => Value::range(level * 0.9, level * 1.1),
                _ => Value::approx(level),
            };
            let mut claim = Claim::new(
                format!("doc-{}", claim_idx / 4),
                Kind::Count,
                value,
                Metric::Casualties,
                Evidence::default(),
            );
            claim.actor = Some(if (r >> 40) % 20 == 0 { "UKR" } else { "RUS" }.to_string());
            claim.role = Role::Military;
            claim.source = Some(sources[((r >> 48) % 20) as usize].clone());
            claim.as_of = Some(DateSpan::day(date));
            claim.stated = Some(date);
            claim.increment = (r >> 56) % 50 == 0;
            if (r >> 44) % 3 == 0 {
                claim.probability = Some([0.8, 0.9]);
            }
            claim
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let claims = claims();
    let series = SeriesKey::new(Some("RUS"), Role::Military, Metric::Casualties);
    let at = Date::new(2025, 6, 1).expect("a valid day");
    let options = Options::default();
    let mut group = c.benchmark_group("reconcile");
    group.throughput(Throughput::Elements(N_CLAIMS as u64));
    group.sample_size(20);
    group.bench_function("estimate_1m_claims", |b| {
        b.iter(|| estimate(black_box(&claims), &series, at, &options));
    });
    group.bench_function("index_1m_claims", |b| {
        b.iter(|| Index::new(black_box(&claims)));
    });
    let index = Index::new(&claims);
    group.bench_function("estimate_indexed_1m_claims", |b| {
        b.iter(|| index.estimate(black_box(&series), at, &options));
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
