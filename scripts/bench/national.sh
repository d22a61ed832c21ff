#!/usr/bin/env bash
# Benchmark on the national demo dataset (issue: foundation).
#
#   scripts/bench/national.sh            # SQLite (a fresh temporary data directory)
#   OCOP_BENCH_DB=postgres scripts/bench/national.sh   # a fresh PostgreSQL database on 127.0.0.1:5432
#
# Measures:
#   1. `ocop demo --scale national`: wall time and peak memory (GNU time);
#   2. folded product search through the JSON API under concurrent load from wrk
#      (2 threads, 8 connections, 10 s per query), with /healthz in the same run
#      as the baseline; requests per second and latency percentiles.
# Prints a Markdown table to paste into docs/BENCHMARKS.md. Release build.
# Traffic goes to 127.0.0.1 only; every loop is bounded in time.

set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
DB="${OCOP_BENCH_DB:-sqlite}"
DURATION="${OCOP_BENCH_SECONDS:-10}"

command -v wrk >/dev/null || { echo "installing wrk (apt)"; apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
[[ -x /usr/bin/time ]] || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }

cargo build --release -p ocop
BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/ocop"
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

echo "## demo --scale national ($DB)"
/usr/bin/time -f "elapsed_s=%e max_rss_kb=%M" -o "$WORK/time.txt" "$BIN" demo --scale national
cat "$WORK/time.txt"

"$BIN" serve --bind "127.0.0.1:$PORT" > "$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 120); do curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break; sleep 0.5; done

run_wrk() { # name path
  local out
  out="$(wrk -t2 -c8 -d"${DURATION}s" --latency "http://127.0.0.1:$PORT$2" 2>&1)"
  local rps p50 p99
  rps="$(awk '/Requests\/sec/ {print $2}' <<<"$out")"
  p50="$(awk '$1=="50%" {print $2}' <<<"$out")"
  p99="$(awk '$1=="99%" {print $2}' <<<"$out")"
  printf '| %s | `%s` | %s | %s | %s |\n' "$1" "$2" "$rps" "$p50" "$p99"
}

echo
echo "| what | path | req/s | p50 | p99 |"
echo "|---|---|---|---|---|"
run_wrk "healthz (baseline)" "/healthz"
run_wrk "search, 2 folded terms" "/api/v1/products?q=cam%20xuyen"
run_wrk "search, common word" "/api/v1/products?q=nuoc%20mam"
run_wrk "search + province filter" "/api/v1/products?q=mat%20ong&province=42"
run_wrk "search, uppercase with marks" "/api/v1/products?q=CH%C3%88%20SHAN"
echo
echo "server peak RSS: $(awk '/VmHWM/ {print $2, $3}' "/proc/$SERVER_PID/status")"
