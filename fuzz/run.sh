#!/usr/bin/env bash
# Runs fuzz targets for a while each over their corpus (fuzz/corpus/TARGET, made by
# fuzz/seed.py), with the limits of fuzz/README.md. Needs them built first:
# `cargo fuzz build -s none` (from the root of the clone).
#
#     fuzz/run.sh SECONDS TARGET...    # in parallel, at the lowest priority, logs in
#                                      # fuzz/logs/TARGET.log; waits for all of them
#     fuzz/run.sh --ci SECONDS         # every target in turn, in the foreground; fails
#                                      # at the first crash (.ci/run)
#
# A crash, a timeout (30 s for one input) or an input that takes over 2 GB is written to
# fuzz/artifacts/TARGET/; replay it with `fuzz/target/x86_64-unknown-linux-gnu/release/TARGET FILE`.
set -euo pipefail

cd "$(dirname "$0")"
bin="target/x86_64-unknown-linux-gnu/release"
ci=false
if [ "${1:-}" = "--ci" ]; then
    ci=true
    shift
fi
seconds="$1"
shift
targets=("$@")
if $ci; then
    # The targets of Cargo.toml, in order.
    mapfile -t targets < <(sed -n 's/^name = "\(.*\)"$/\1/p' Cargo.toml | tail -n +2)
fi

# The options of one target: inputs long enough for what it reads, short enough to be fast.
options() {
    local max_len
    case "$1" in
        time) max_len=2048 ;;
        html | warc) max_len=32768 ;;
        body) max_len=16384 ;;
        *) max_len=8192 ;;
    esac
    mkdir -p "artifacts/$1" "corpus/$1"
    echo -max_total_time="$seconds" -timeout=30 -rss_limit_mb=2048 -max_len="$max_len" \
        -print_final_stats=1 -artifact_prefix="artifacts/$1/" "corpus/$1"
}

mkdir -p logs
if $ci; then
    for target in "${targets[@]}"; do
        echo "fuzz target $target, $seconds s"
        # shellcheck disable=SC2046
        if ! "$bin/$target" $(options "$target") > "logs/$target.log" 2>&1; then
            tail -n 40 "logs/$target.log" >&2
            echo "fuzz target $target failed: see fuzz/artifacts/$target/" >&2
            exit 1
        fi
        grep -E '^stat::(number_of_executed_units|new_units_added)|^Done' "logs/$target.log" || true
    done
    exit 0
fi

for target in "${targets[@]}"; do
    # shellcheck disable=SC2046
    nice -n 19 "$bin/$target" $(options "$target") > "logs/$target.log" 2>&1 &
done
wait
