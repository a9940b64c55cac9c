#!/usr/bin/env bash
# Ingest speed: `tally ingest` of corpus/bulk into a fresh SQLite ledger, in documents/s.
# Runs the release binary (built first) three times and prints each run's summary line.
#
#     bench/ingest.sh [CORPUS]     # default ../shared/corpus/bulk/news-bulk.jsonl.gz
set -euo pipefail

cd "$(dirname "$0")/.."
corpus="${1:-../shared/corpus/bulk/news-bulk.jsonl.gz}"
target="${CARGO_TARGET_DIR:-target}"
cargo build --release -q -p tally-cli
tally="$target/release/tally"
db="$(mktemp -d)/bench.db"
trap 'rm -rf "$(dirname "$db")"' EXIT

echo "$(date -u +%F) $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), commit $(git rev-parse --short HEAD)"
for run in 1 2 3; do
    rm -f "$db" "$db-wal" "$db-shm"
    "$tally" ingest --quiet --db "$db" "$corpus"
done
echo "again, every document already present:"
"$tally" ingest --quiet --db "$db" "$corpus"
