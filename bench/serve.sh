#!/usr/bin/env bash
# Load on the HTTP API: wrk against `/api/estimate` on loopback (30 s, 64 connections, two
# threads) while `tally serve` holds the seed and the dev corpus, then requests/s and p99.
#
#     bench/serve.sh [URL_PATH]    # default /api/estimate?actor=PRK&metric=casualties
#
# DURATION, CONNECTIONS, THREADS and PORT change the run. Needs wrk (Debian's `wrk`).
set -euo pipefail

cd "$(dirname "$0")/.."
path="${1:-/api/estimate?actor=PRK&metric=casualties}"
duration="${DURATION:-30s}"
connections="${CONNECTIONS:-64}"
threads="${THREADS:-2}"
port="${PORT:-18080}"
command -v wrk >/dev/null 2>&1 || { echo "bench/serve.sh: wrk is missing (apt-get install wrk)" >&2; exit 1; }

target="${CARGO_TARGET_DIR:-target}"
cargo build --release -q -p tally-cli
tally="$target/release/tally"
dir="$(mktemp -d)"
server=""
cleanup() {
    if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
    rm -rf "$dir"
}
trap cleanup EXIT

"$tally" ingest --quiet --db "$dir/dev.db" ../shared/corpus/seed ../shared/corpus/conflict-news.jsonl
"$tally" serve --db "$dir/dev.db" --addr "127.0.0.1:$port" 2>"$dir/serve.log" &
server=$!
url="http://127.0.0.1:$port$path"
for _ in $(seq 50); do
    curl -fsS -o /dev/null "$url" 2>/dev/null && break
    sleep 0.2
done
curl -fsS -o /dev/null "$url" || { echo "bench/serve.sh: $url does not answer" >&2; cat "$dir/serve.log" >&2; exit 1; }

echo "$(date -u +%F) $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), commit $(git rev-parse --short HEAD)"
echo "wrk -t$threads -c$connections -d$duration --latency '$url'"
wrk -t"$threads" -c"$connections" -d"$duration" --latency "$url" | tee "$dir/wrk.txt"
rps="$(awk '/^Requests\/sec:/ {print $2}' "$dir/wrk.txt")"
p99="$(awk '$1 == "99%" {print $2}' "$dir/wrk.txt")"
errors="$(grep -E 'Non-2xx|Socket errors' "$dir/wrk.txt" || true)"
echo "summary: ${rps} requests/s, p99 ${p99}${errors:+ ($errors)}"
