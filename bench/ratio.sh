#!/usr/bin/env bash
# The cost of extraction against `wc -w`, side by side in one run (issue 14: at most 3x).
#
#     bench/ratio.sh [CORPUS]      # default ../shared/corpus/bulk/news-bulk.jsonl.gz
#
# Measures the CPU time (user + system, of the process and its threads) of
#
#   - `tally extract --format jsonl -j 1 CORPUS`: gzip, JSON, extraction and writing the
#     claims (to /dev/null), on one thread;
#   - `wc -w` over the same bytes decompressed: CORPUS is decompressed once with `gzip -dc`
#     into a temporary file before any timing, and `wc -w` reads that file, in the
#     machine's locale (C.UTF-8 here: multibyte characters counted as such);
#
# each RUNS times (default 5), keeps the least of each, and prints the ratio. It also
# prints the parts around it: `gzip -dc` alone, `tally extract` over the decompressed file
# (no gzip), and `wc -w` under LC_ALL=C (bytes, the fastest wc). TALLY=path skips the
# build and times that binary instead.
set -euo pipefail

cd "$(dirname "$0")/.."
corpus="${1:-../shared/corpus/bulk/news-bulk.jsonl.gz}"
runs="${RUNS:-5}"
target="${CARGO_TARGET_DIR:-target}"
if [ -z "${TALLY:-}" ]; then
    cargo build --release -q -p tally-cli
fi
tally="${TALLY:-$target/release/tally}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

plain="$tmp/corpus.jsonl"
case "$corpus" in
    *.gz) gzip -dc "$corpus" > "$plain" ;;
    *) cp "$corpus" "$plain" ;;
esac

# The least CPU time (user + system, in seconds) of `runs` runs of a command, its output
# thrown away. getrusage of the children is exact to the microsecond, unlike time(1).
cpu() {
    python3 - "$runs" "$@" <<'EOF'
import resource, subprocess, sys
runs, command = int(sys.argv[1]), sys.argv[2:]
best = None
for _ in range(runs):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, stdout=subprocess.DEVNULL, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    spent = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    best = spent if best is None else min(best, spent)
print(f"{best:.3f}")
EOF
}

n_bytes="$(wc -c < "$plain")"
n_words="$(wc -w < "$plain")"
n_docs="$(wc -l < "$plain")"
echo "$(date -u '+%F %H:%M') UTC, $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)," \
     "commit $(git rev-parse --short HEAD), $(basename "$tally") $("$tally" --version 2>/dev/null || true)"
echo "corpus: $corpus ($(wc -c < "$corpus") bytes gzip, $n_bytes bytes of JSONL," \
     "$n_docs documents, $n_words words), least of $runs runs"

wc_utf8="$(LC_ALL=C.UTF-8 cpu wc -w "$plain")"
wc_c="$(LC_ALL=C cpu wc -w "$plain")"
gunzip_cpu="$(cpu gzip -dc "$corpus")"
tally_gz="$(cpu "$tally" extract --format jsonl -j 1 "$corpus")"
tally_plain="$(cpu "$tally" extract --format jsonl -j 1 "$plain")"

div() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.4f", a / b }'; }
row() { printf '  %-58s %8s s  %6.1f MB/s\n' "$1" "$2" "$(div "$n_bytes" "$2e6")"; }
row "wc -w, C.UTF-8 (the decompressed JSONL)" "$wc_utf8"
row "wc -w, LC_ALL=C (the decompressed JSONL)" "$wc_c"
row "gzip -dc" "$gunzip_cpu"
row "tally extract --format jsonl -j 1 (the .gz)" "$tally_gz"
row "tally extract --format jsonl -j 1 (the decompressed JSONL)" "$tally_plain"
printf 'ratio: tally extract (gzip, JSON, extraction) / wc -w (C.UTF-8) = %.2f\n' \
    "$(div "$tally_gz" "$wc_utf8")"
printf '       against wc -w under LC_ALL=C: %.2f; against gzip -dc + wc -w (C.UTF-8): %.2f\n' \
    "$(div "$tally_gz" "$wc_c")" \
    "$(div "$tally_gz" "$(awk -v a="$gunzip_cpu" -v b="$wc_utf8" 'BEGIN { print a + b }')")"
