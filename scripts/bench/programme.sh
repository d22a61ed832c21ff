#!/usr/bin/env bash
# Benchmark of the programme figures on the demo dataset (issue 6).
#
#   scripts/bench/programme.sh                      # release build, national demo, SQLite
#   OCOP_BENCH_PROFILE=debug OCOP_BENCH_SCALE=standard scripts/bench/programme.sh   # a quick check
#   OCOP_BENCH_DB=postgres scripts/bench/programme.sh
#   OCOP_BIN=path/to/ocop scripts/bench/programme.sh   # use that binary, build nothing
#
# Loads the demo, starts the server on 127.0.0.1, logs in as the demo
# administrator, takes the demo's plan of this year for Hà Tĩnh (a target of
# every measured kind), then times (curl, OCOP_BENCH_RUNS runs each, median and
# max in ms):
#   - the dashboard of a province (certified products by star / set / commune, SVG map, targets);
#   - the plan with its actuals computed across the 2025 reform;
#   - the weekly digest (API) and `ocop tasks digest` (CLI, whole country);
#   - the six-month report of a province and of the country as .xlsx and PDF (API),
#     both unit views, and `ocop reports programme` (CLI);
#   - the PTNT_OCOP export of the country (.xlsx and CSV, API) and `ocop reports ptnt` (CLI).
# Prints a Markdown table to paste into docs/BENCHMARKS.md. Every loop is bounded.

set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
DB="${OCOP_BENCH_DB:-sqlite}"
PROFILE="${OCOP_BENCH_PROFILE:-release}"
SCALE="${OCOP_BENCH_SCALE:-national}"
RUNS="${OCOP_BENCH_RUNS:-5}"

if [[ -n "${OCOP_BIN:-}" ]]; then
  BIN="$(realpath "$OCOP_BIN")" # a binary built elsewhere (the scoring script takes the same variable)
else
  if [[ "$PROFILE" == release ]]; then cargo build --release -p ocop; else cargo build -p ocop; fi
  BIN="${CARGO_TARGET_DIR:-$ROOT/target}/$PROFILE/ocop"
fi
WORK="$(mktemp -d)"
PORT=$((20000 + RANDOM % 20000))
PG_DB=""
cleanup() {
  [[ -n "${SERVER_PID:-}" ]] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null || true
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

"$BIN" migrate >/dev/null
start=$(date +%s.%N)
"$BIN" demo --scale "$SCALE" >/dev/null
echo "demo ($SCALE) loaded in $(echo "$(date +%s.%N) - $start" | bc) s"

"$BIN" serve --bind "127.0.0.1:$PORT" > "$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 240); do curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break; sleep 0.5; done
BASE="http://127.0.0.1:$PORT"
JAR="$WORK/cookies"
CSRF=$(curl -fsS -c "$JAR" -b "$JAR" "$BASE/api/v1/auth/csrf" | sed -E 's/.*"csrf_token":"([^"]+)".*/\1/')
curl -fsS -c "$JAR" -b "$JAR" -H "x-csrf-token: $CSRF" -H 'content-type: application/json' \
  -d '{"username":"admin","password":"ocop-demo-2026"}' "$BASE/api/v1/auth/login" >/dev/null
YEAR=$(date +%Y)
PLAN=$(curl -fsS -b "$JAR" "$BASE/api/v1/programme/plans" \
  | grep -o "{\"id\":\"[^\"]*\",\"unit_id\":\"2025/province/42\",\"year\":$YEAR" | head -1 | sed -E 's/^\{"id":"([^"]+)".*/\1/')
if [[ -z "$PLAN" ]]; then echo "no demo plan of $YEAR for Hà Tĩnh" >&2; exit 1; fi
# The half-year that has begun most recently, and last year.
if (( 10#$(date +%m) <= 6 )); then HALF="$YEAR-H1"; else HALF="$YEAR-H2"; fi
LAST=$((YEAR - 1))
REPORT="unit_id=2025/province/42&period=$HALF"
NATIONAL="unit_id=national&period=$LAST"
OUT="$WORK/out"; mkdir -p "$OUT"

time_ms() { # label, command...
  local label="$1"; shift
  local times=()
  for _ in $(seq 1 "$RUNS"); do
    local t0 t1
    t0=$(date +%s%N); "$@" >/dev/null; t1=$(date +%s%N)
    times+=($(( (t1 - t0) / 1000000 )))
  done
  local sorted; sorted=$(printf '%s\n' "${times[@]}" | sort -n)
  local median; median=$(echo "$sorted" | sed -n "$(( (RUNS + 1) / 2 ))p")
  local max; max=$(echo "$sorted" | tail -1)
  echo "| $label | $median | $max |"
}
get() { curl -fsS -b "$JAR" "$BASE$1"; }

echo
echo "Programme figures, $DB, $PROFILE build, demo scale $SCALE, $RUNS runs"
echo
echo "| operation | median ms | max ms |"
echo "|---|---|---|"
time_ms "dashboard, province 42 (API)" get "/api/v1/programme/dashboard?unit_id=2025/province/42"
time_ms "dashboard, province 01 (page)" get "/programme/dashboard?unit_id=2025/province/01"
time_ms "plan with 11 targets, every measured kind (API)" get "/api/v1/programme/plans/$PLAN"
time_ms "plan page with chart" get "/programme/plans/$PLAN"
time_ms "weekly digest (API, national)" get "/api/v1/programme/digest"
time_ms "ocop tasks digest (CLI)" "$BIN" tasks digest
time_ms "report $HALF, province 42 (JSON)" get "/api/v1/programme/reports?$REPORT"
time_ms "report $HALF, province 42 (.xlsx)" get "/api/v1/programme/reports.xlsx?$REPORT"
time_ms "report $HALF, province 42 (PDF)" get "/api/v1/programme/reports.pdf?$REPORT"
time_ms "report $HALF, province 42, recorded units (PDF)" get "/api/v1/programme/reports.pdf?$REPORT&units=recorded"
time_ms "report $LAST, national (.xlsx)" get "/api/v1/programme/reports.xlsx?$NATIONAL"
time_ms "report $LAST, national (PDF)" get "/api/v1/programme/reports.pdf?$NATIONAL"
time_ms "ocop reports programme, national $LAST (CLI, PDF)" "$BIN" reports programme --unit national --period "$LAST" --format pdf --output "$OUT/national.pdf"
time_ms "PTNT_OCOP $LAST, national (.xlsx)" get "/api/v1/programme/ptnt.xlsx?$NATIONAL"
time_ms "PTNT_OCOP $LAST, national (CSV)" get "/api/v1/programme/ptnt.csv?$NATIONAL"
time_ms "ocop reports ptnt, national $LAST (CLI, CSV)" "$BIN" reports ptnt --unit national --period "$LAST" --format csv --output "$OUT/ptnt.csv"
echo
echo "national PTNT_OCOP rows: $(( $(wc -l < "$OUT/ptnt.csv") - 1 )); national report PDF: $(wc -c < "$OUT/national.pdf") bytes"
echo
echo "server peak RSS: $(awk '/VmHWM/ {print $2, $3}' "/proc/$SERVER_PID/status")"
