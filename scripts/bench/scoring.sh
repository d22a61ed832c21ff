#!/usr/bin/env bash
# Scoring benchmark (issue 3, item 10): a batch of 150 dossiers scored by 9 members on the
# QĐ 1048 sheet — 41,850 answers saved one by one through the scoring service (one write
# transaction each, as the tablet page saves them), 1,350 sheets submitted, the batch closed by
# the engine, the recognition decision issued and the three documents generated as .xlsx and PDF.
#
#   scripts/bench/scoring.sh                       # SQLite, target/release/ocop
#   OCOP_BIN=target/debug/ocop OCOP_BENCH_DOSSIERS=10 scripts/bench/scoring.sh   # a quick check
#   OCOP_BENCH_DB=postgres scripts/bench/scoring.sh  # a fresh PostgreSQL database on 127.0.0.1:5432
#
# Builds nothing: point OCOP_BIN at a binary (default: $CARGO_TARGET_DIR or target, release).
# Prints a Markdown table (phase, operations, seconds, per second) for docs/BENCHMARKS.md.

set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
DB="${OCOP_BENCH_DB:-sqlite}"
BIN="${OCOP_BIN:-${CARGO_TARGET_DIR:-$ROOT/target}/release/ocop}"
DOSSIERS="${OCOP_BENCH_DOSSIERS:-150}"
MEMBERS="${OCOP_BENCH_MEMBERS:-9}"
[[ -x "$BIN" ]] || { echo "no binary at $BIN (build it, or set OCOP_BIN)" >&2; exit 2; }

WORK="$(mktemp -d)"
PG_DB=""
cleanup() {
  [[ -n "$PG_DB" ]] && psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" postgres >/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

export OCOP_DATA_DIR="$WORK"
if [[ "$DB" == postgres ]]; then
  PG_DB="ocop_bench_$RANDOM$RANDOM"
  psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $PG_DB" postgres
  export OCOP_DATABASE_URL="postgres://postgres@127.0.0.1:5432/$PG_DB"
fi

"$BIN" demo --scale standard >/dev/null
echo "## scoring: $DOSSIERS dossiers × $MEMBERS members, QĐ 1048 sheet ($DB, $(basename "$(dirname "$BIN")") build)"
start=$(date +%s.%N)
"$BIN" bench-scoring --dossiers "$DOSSIERS" --members "$MEMBERS"
end=$(date +%s.%N)
printf '\ntotal: %.1f s\n' "$(echo "$end - $start" | bc)"
