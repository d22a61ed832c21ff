#!/usr/bin/env bash
# Benchmark of the public face (issue 4): /v/{code}, /api/v1/verify/{code} and
# catalogue search, each under concurrent load from wrk on loopback, with /healthz
# of the same server in the same run as the baseline; then the server's peak RSS.
#
#   scripts/bench/verify.sh BINARY [SECONDS]
#     BINARY   the ocop binary to run (e.g. target/release/ocop; a debug build works for a smoke run)
#     SECONDS  per measurement (default 10; OCOP_BENCH_SECONDS)
#   OCOP_BENCH_DB=postgres      a fresh PostgreSQL database on 127.0.0.1:5432 instead of SQLite
#   OCOP_BENCH_SCALE=standard   the standard demo dataset instead of the national one (quick check)
#   OCOP_BENCH_CONNECTIONS=32   concurrent connections (2 wrk threads)
#
# Prints a Markdown table (req/s, p50, p99, ratio to /healthz req/s) to paste into
# docs/BENCHMARKS.md. Every request goes to 127.0.0.1; every wait is bounded.

set -euo pipefail
BIN="$(realpath "${1:?usage: scripts/bench/verify.sh BINARY [SECONDS]}")"
DURATION="${2:-${OCOP_BENCH_SECONDS:-10}}"
DB="${OCOP_BENCH_DB:-sqlite}"
SCALE="${OCOP_BENCH_SCALE:-national}"
CONNECTIONS="${OCOP_BENCH_CONNECTIONS:-32}"

command -v wrk >/dev/null || { echo "installing wrk (apt)"; apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
command -v curl >/dev/null || { apt-get update -qq && apt-get install -y -qq curl >/dev/null; }

WORK="$(mktemp -d)"
PORT=$((20000 + RANDOM % 20000))
PG_DB=""
SERVER_PID=""
cleanup() {
  if [[ -n "$SERVER_PID" ]]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  if [[ -n "$PG_DB" ]]; then psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" postgres >/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

export OCOP_DATA_DIR="$WORK"
if [[ "$DB" == postgres ]]; then
  PG_DB="ocop_bench_$RANDOM$RANDOM"
  psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $PG_DB" postgres
  export OCOP_DATABASE_URL="postgres://postgres@127.0.0.1:5432/$PG_DB"
  "$BIN" migrate >/dev/null
fi

echo "## ocop demo --scale $SCALE ($DB)"
start=$(date +%s)
RUST_LOG=warn "$BIN" demo --scale "$SCALE" 2>&1 | tail -1
echo "loaded in $(( $(date +%s) - start )) s"

# wrk from one address measures the server, not the per-address limits.
OCOP_RATE_LIMITS=off "$BIN" serve --bind "127.0.0.1:$PORT" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 240); do
  curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.log"; exit 1; }
  sleep 0.5
done
curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null

# A current certificate's code from the catalogue (valid or expiring).
CODE="$(curl -fsS "http://127.0.0.1:$PORT/api/v1/catalogue?limit=1&status=valid" \
  | grep -o '"verification_code":"[^"]*"' | head -1 | cut -d'"' -f4)"
[[ -n "$CODE" ]] || { echo "no certificate in the catalogue"; exit 1; }

declare -A RPS
run_wrk() { # name path
  local out rps p50 p99 ratio
  out="$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s --latency "http://127.0.0.1:$PORT$2" 2>&1)"
  if grep -q "Non-2xx" <<<"$out"; then echo "error responses for $2:"; echo "$out"; exit 1; fi
  rps="$(awk '/Requests\/sec/ {print $2}' <<<"$out")"
  p50="$(awk '$1=="50%" {print $2}' <<<"$out")"
  p99="$(awk '$1=="99%" {print $2}' <<<"$out")"
  RPS[$1]="$rps"
  ratio="$(awk -v a="$rps" -v b="${RPS[healthz]:-$rps}" 'BEGIN { if (b > 0) printf "%.2f %%", 100 * a / b; else print "-" }')"
  printf '| %s | `%s` | %s | %s | %s | %s |\n' "$1" "$2" "$rps" "$p50" "$p99" "$ratio"
}

echo
echo "wrk: 2 threads, $CONNECTIONS connections, ${DURATION} s each; ratio = req/s ÷ /healthz req/s, in per cent"
echo
echo "| what | path | req/s | p50 | p99 | ratio to /healthz |"
echo "|---|---|---|---|---|---|"
run_wrk healthz "/healthz"
run_wrk "verification page" "/v/$CODE"
run_wrk "verification JSON" "/api/v1/verify/$CODE"
run_wrk "catalogue search" "/api/v1/catalogue?q=nuoc%20mam"
run_wrk "catalogue page search" "/catalogue?q=mat%20ong"
echo
echo "server peak RSS (VmHWM): $(awk '/VmHWM/ {print $2, $3}' "/proc/$SERVER_PID/status")"
