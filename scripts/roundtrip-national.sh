#!/usr/bin/env bash
# scripts/roundtrip-national.sh — moves the national demo dataset SQLite →
# PostgreSQL → SQLite with `ocop export` / `ocop import` and compares every
# table's row count and SHA-256 at each step (the import itself refuses to
# commit unless the loaded rows match the dump's trailer; this script also
# compares the three summaries printed by the commands).
#
#   scripts/roundtrip-national.sh [standard|national]   (default national)
#
# Environment: OCOP_BIN (default $CARGO_TARGET_DIR/debug/ocop, built if missing),
# PG_URL (default postgres://postgres@127.0.0.1:5432). Prints the time of each step.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SCALE="${1:-national}"
BIN="${OCOP_BIN:-${CARGO_TARGET_DIR:-$ROOT/target}/debug/ocop}"
PG_URL="${PG_URL:-postgres://postgres@127.0.0.1:5432}"
[[ -x "$BIN" ]] || (cd "$ROOT" && cargo build -p ocop)

WORK="$(mktemp -d "${TMPDIR:-/tmp}/ocop-roundtrip-XXXXXX")"
PG_DB="ocop_roundtrip_$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')"
cleanup() {
  psql "$PG_URL/postgres" -qAtc "drop database if exists \"$PG_DB\" with (force)" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
export RUST_LOG=warn
# One audit key for every step, as every process of a deployment must share it: the
# dump carries the entries' MACs, so the final database verifies under the same key.
OCOP_AUDIT_KEY="1:$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')"
export OCOP_AUDIT_KEY

step() { # name output-file command...
  local name="$1" out="$2" start
  shift 2
  start=$(date +%s.%N)
  "$@" > "$out"
  printf '  %-44s %7.1f s\n' "$name" "$(echo "$(date +%s.%N) - $start" | bc)"
}
# The table lines of a summary (table, rows, sha256), sorted.
summary_of() { grep -E '^\s+[a-z_]+\s+[0-9]+ rows\s+sha256 ' "$1" | awk '{print $1, $2, $5}' | sort; }

echo "Round trip of the $SCALE demo dataset (binary $BIN, work dir $WORK)"
mkdir -p "$WORK/a" "$WORK/c"
step "load the demo dataset into SQLite" "$WORK/demo.log" env OCOP_DATA_DIR="$WORK/a" "$BIN" demo --scale "$SCALE"
env OCOP_DATA_DIR="$WORK/a" "$BIN" audit head --output "$WORK/head.json" >/dev/null
step "export from SQLite" "$WORK/1.txt" env OCOP_DATA_DIR="$WORK/a" "$BIN" export --output "$WORK/a.jsonl"
psql "$PG_URL/postgres" -qAtc "create database \"$PG_DB\""
step "import into PostgreSQL" "$WORK/2.txt" env OCOP_DATA_DIR="$WORK/b" OCOP_DATABASE_URL="$PG_URL/$PG_DB" "$BIN" import "$WORK/a.jsonl"
step "export from PostgreSQL" "$WORK/3.txt" env OCOP_DATA_DIR="$WORK/b" OCOP_DATABASE_URL="$PG_URL/$PG_DB" "$BIN" export --output "$WORK/b.jsonl"
step "import into a fresh SQLite" "$WORK/4.txt" env -u OCOP_DATABASE_URL OCOP_DATA_DIR="$WORK/c" "$BIN" import "$WORK/b.jsonl"
step "audit verify on the final SQLite" "$WORK/5.txt" env -u OCOP_DATABASE_URL OCOP_DATA_DIR="$WORK/c" "$BIN" audit verify --against "$WORK/head.json"
cat "$WORK/demo.log"
ls -l "$WORK/a.jsonl" "$WORK/b.jsonl" | awk '{print "  " $NF ": " $5 " bytes"}'

status=0
for n in 2 3 4; do
  if ! diff <(summary_of "$WORK/1.txt") <(summary_of "$WORK/$n.txt") > "$WORK/diff.txt"; then
    echo "MISMATCH between the first export and step $n:"
    cat "$WORK/diff.txt"
    status=1
  fi
done
tables=$(summary_of "$WORK/1.txt" | wc -l)
rows=$(summary_of "$WORK/1.txt" | awk '{s += $2} END {print s}')
cat "$WORK/5.txt"
if [[ $status == 0 && $tables -gt 0 ]]; then
  echo "RESULT: ok — $tables tables, $rows rows, equal counts and SHA-256 after SQLite → PostgreSQL → SQLite"
else
  echo "RESULT: FAILED"
  exit 1
fi
