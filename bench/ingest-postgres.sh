#!/usr/bin/env bash
# Ingest speed into PostgreSQL: the corpus split into N parts, N `tally ingest` workers at
# once into one fresh schema, for N = 1, 2 and 4; documents/s = documents / wall time.
# Each worker gets cores/N extraction threads (at least one), so the runs use the same CPU.
#
#     bench/ingest-postgres.sh [CORPUS]   # default ../shared/corpus/bulk/news-bulk.jsonl.gz
#
# The server is $TALLY_TEST_POSTGRES (default postgres://postgres@127.0.0.1:5432/test); each
# run gets its own schema, dropped afterwards.
set -euo pipefail

cd "$(dirname "$0")/.."
corpus="${1:-../shared/corpus/bulk/news-bulk.jsonl.gz}"
server="${TALLY_TEST_POSTGRES:-postgres://postgres@127.0.0.1:5432/test}"
target="${CARGO_TARGET_DIR:-target}"
cargo build --release -q -p tally-cli
tally="$target/release/tally"
work="$(mktemp -d)"
schema="tally_bench_$$"
trap 'psql -q "$server" -c "DROP SCHEMA IF EXISTS $schema CASCADE" 2>/dev/null; rm -rf "$work"' EXIT

zcat -f "$corpus" > "$work/all.jsonl"
n_docs=$(grep -c . "$work/all.jsonl")
cores=$(nproc)
echo "$(date -u +%F) $cores cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), commit $(git rev-parse --short HEAD), $(psql -tA "$server" -c 'SHOW server_version')"
echo "$n_docs documents from $corpus"
for workers in 1 2 4; do
    for run in 1 2; do
        psql -q "$server" -c "DROP SCHEMA IF EXISTS $schema CASCADE; CREATE SCHEMA $schema" 2>/dev/null
        url="$server?options=-csearch_path%3D$schema"
        # Migrate once before the clock starts, as a team's database already is.
        "$tally" docs --db "$url" --limit 1 > /dev/null
        rm -f "$work"/part.*
        split -n "r/$workers" -d --additional-suffix=.jsonl "$work/all.jsonl" "$work/part."
        threads=$(( cores / workers > 0 ? cores / workers : 1 ))
        started=$(date +%s.%N)
        pids=()
        for part in "$work"/part.*; do
            "$tally" ingest --quiet -j "$threads" --db "$url" "$part" > /dev/null &
            pids+=($!)
        done
        for pid in "${pids[@]}"; do wait "$pid"; done
        ended=$(date +%s.%N)
        stored=$(psql -tA "$url" -c "SELECT count(*) || ' documents, ' || (SELECT count(*) FROM claims) || ' claims' FROM documents")
        awk -v w="$workers" -v r="$run" -v n="$n_docs" -v s="$started" -v e="$ended" -v stored="$stored" \
            'BEGIN { printf "%d worker(s), run %d: %.2f s, %.0f documents/s (%s stored)\n", w, r, e - s, n / (e - s), stored }'
    done
done
echo "again, 4 workers, every document already present:"
started=$(date +%s.%N)
pids=()
for part in "$work"/part.*; do
    "$tally" ingest --quiet -j 1 --db "$url" "$part" > /dev/null &
    pids+=($!)
done
for pid in "${pids[@]}"; do wait "$pid"; done
ended=$(date +%s.%N)
awk -v n="$n_docs" -v s="$started" -v e="$ended" 'BEGIN { printf "%.2f s, %.0f documents/s\n", e - s, n / (e - s) }'
