#!/usr/bin/env bash
# Reads over a large ledger (issue 15): the overview (`GET /`), `GET /api/series` and
# `tally series` over CLAIMS generated claims (ten million by default), on SQLite and on
# PostgreSQL.
#
#     bench/reads.sh [sqlite|postgres|both]      # default both
#
# The seed and corpus/conflict-news.jsonl are ingested, then their claims that name an
# actor are copied in SQL (INSERT ... SELECT over a recursive CTE on SQLite,
# generate_series on PostgreSQL) until the ledger holds CLAIMS claims; copy N of an
# actor's claim counts for actor "<ACTOR>-<N mod SPREAD>" (SPREAD=100 by default), so that
# the ledger holds thousands of actors of some thousands of claims each rather than a few
# actors of millions. The series cache is rebuilt as its migration builds it. Then:
# `tally series` fills the cache (cold: every actor's series computed once), the server
# starts, and `/`, `/?actor=...` and `/api/series` are timed with curl, best of RUNS (5).
#
# POSTGRES (default postgres://postgres@127.0.0.1:5432/test) is the server; the ledger goes
# to a schema of its own, dropped at the end. Needs sqlite3, psql and curl.
set -euo pipefail

cd "$(dirname "$0")/.."
which="${1:-both}"
claims="${CLAIMS:-10000000}"
spread="${SPREAD:-100}"
runs="${RUNS:-5}"
port="${PORT:-18090}"
postgres="${POSTGRES:-postgres://postgres@127.0.0.1:5432/test}"
target="${CARGO_TARGET_DIR:-target}"
cargo build --release -q --all-features -p tally-cli
tally="$target/release/tally"
dir="$(mktemp -d)"
schema="tally_bench_reads_$$"
server=""
cleanup() {
    if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
    psql -q "$postgres" -c "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1 || true
    rm -rf "$dir"
}
trap cleanup EXIT

# The columns of a claim but its id and actor, as the ledger has them.
columns() {
    sqlite3 "$dir/columns.db" "SELECT group_concat(name, ', ') FROM pragma_table_info('claims') WHERE name NOT IN ('id', 'actor')"
}

# The SQL that copies the claims with an actor until there are $claims, for dialect $1.
copy_sql() {
    local cols="$1" base="$2" with_actor="$3" dialect="$4"
    local missing=$((claims - base))
    local copies=$(( (missing + with_actor - 1) / with_actor ))
    local c_cols
    c_cols="$(echo "$cols" | sed -E 's/([a-z_]+)/c.\1/g')"
    if [ "$dialect" = sqlite ]; then
        echo "WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < $copies)
              INSERT INTO claims ($cols, actor)
              SELECT $c_cols, c.actor || '-' || (k.n % $spread) FROM k, (SELECT * FROM claims WHERE actor IS NOT NULL) c
              LIMIT $missing;"
    else
        echo "INSERT INTO claims ($cols, actor)
              SELECT $c_cols, c.actor || '-' || (k.n % $spread) FROM generate_series(1, $copies) AS k(n),
              (SELECT * FROM claims WHERE actor IS NOT NULL) c
              LIMIT $missing;"
    fi
}

rebuild_cache="DELETE FROM series_cache;
INSERT INTO series_cache (actor, n_claims)
SELECT upper(coalesce(actor, '')), COUNT(*) FROM claims WHERE superseded_at IS NULL GROUP BY 1;"

# Prints the best wall time of $runs GETs of a path, in milliseconds, and its size.
time_get() {
    local path="$1" best="" t size
    for _ in $(seq "$runs"); do
        t="$(curl -fsS -o "$dir/answer" -w '%{time_total}' "http://127.0.0.1:$port$path")"
        size="$(stat -c %s "$dir/answer")"
        best="$(echo "$t ${best:-$t}" | awk '{print ($1 < $2 ? $1 : $2)}')"
    done
    printf '    GET %-40s best of %s: %6.1f ms  (%s bytes)\n' "$path" "$runs" "$(echo "$best" | awk '{print $1 * 1000}')" "$size"
}

run() {
    local backend="$1" db="$2"
    echo "== $backend: $("$tally" docs --db "$db" --format jsonl | wc -l) documents"
    local started=$SECONDS
    /usr/bin/time -f '    tally series (cold: every actor computed): %e s, %M KB' "$tally" series --db "$db" --format jsonl >"$dir/series.jsonl"
    echo "    $(wc -l <"$dir/series.jsonl") series"
    /usr/bin/time -f '    tally series (warm): %e s, %M KB' "$tally" series --db "$db" --format jsonl >/dev/null
    "$tally" serve --db "$db" --addr "127.0.0.1:$port" 2>"$dir/serve.log" &
    server=$!
    for _ in $(seq 100); do
        curl -fsS -o /dev/null "http://127.0.0.1:$port/api/openapi.json" 2>/dev/null && break
        sleep 0.2
    done
    time_get "/"
    time_get "/?sort=sources"
    time_get "/?actor=UKR-7"
    time_get "/api/series"
    time_get "/api/series?actor=RUS-3"
    kill "$server"; wait "$server" 2>/dev/null || true; server=""
    echo "    ($((SECONDS - started)) s in all)"
}

echo "$(date -u +%F) $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), commit $(git rev-parse --short HEAD)"
echo "CLAIMS=$claims SPREAD=$spread RUNS=$runs"
inputs=(../shared/corpus/seed ../shared/corpus/conflict-news.jsonl)

if [ "$which" = sqlite ] || [ "$which" = both ]; then
    db="$dir/reads.db"
    "$tally" ingest --quiet --db "$db" "${inputs[@]}"
    cp "$db" "$dir/columns.db"
    cols="$(columns)"
    base="$(sqlite3 "$db" "SELECT COUNT(*) FROM claims")"
    with_actor="$(sqlite3 "$db" "SELECT COUNT(*) FROM claims WHERE actor IS NOT NULL")"
    started=$SECONDS
    sqlite3 "$db" "PRAGMA journal_mode = WAL; $(copy_sql "$cols" "$base" "$with_actor" sqlite) $rebuild_cache" >/dev/null
    echo "sqlite: $base claims ingested, $(sqlite3 "$db" "SELECT COUNT(*) FROM claims") after copying ($((SECONDS - started)) s), $(du -h "$db" | cut -f1)"
    run sqlite "$db"
fi

if [ "$which" = postgres ] || [ "$which" = both ]; then
    psql -q "$postgres" -c "CREATE SCHEMA $schema" >/dev/null
    db="$postgres?options=-csearch_path%3D$schema"
    "$tally" ingest --quiet --db "$db" "${inputs[@]}"
    [ -f "$dir/columns.db" ] || { "$tally" ingest --quiet --db "$dir/columns.db" ../shared/corpus/seed; }
    cols="$(columns)"
    export PGOPTIONS="-csearch_path=$schema"
    base="$(psql -qtA "$postgres" -c "SELECT COUNT(*) FROM claims")"
    with_actor="$(psql -qtA "$postgres" -c "SELECT COUNT(*) FROM claims WHERE actor IS NOT NULL")"
    started=$SECONDS
    psql -q "$postgres" -c "$(copy_sql "$cols" "$base" "$with_actor" postgres)" >/dev/null
    psql -q "$postgres" -c "$rebuild_cache" >/dev/null
    psql -q "$postgres" -c "VACUUM ANALYZE claims" >/dev/null
    echo "postgres: $base claims ingested, $(psql -qtA "$postgres" -c "SELECT COUNT(*) FROM claims") after copying ($((SECONDS - started)) s)"
    unset PGOPTIONS
    run postgres "$db"
fi
