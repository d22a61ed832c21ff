#!/usr/bin/env bash
# scripts/soak.sh [SECONDS] — mixed traffic against one `ocop serve --demo` for
# SECONDS (default 600): the public (home, catalogue, search, /v/{code}) and
# officials (login, lists, creating and renaming producers). Every 10 s it
# prints requests, errors (5xx, and connection failures) and the server's RSS;
# at the end a summary by status. Exits 1 on any 5xx or connection failure.
#
# Environment: OCOP_BIN, CLIENTS (default 6: 4 public, 2 officials),
# OCOP_DATABASE_URL (optional; default a SQLite data dir in a temp directory).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../tests/multi_process/lib.sh"
DURATION="${1:-600}"
CLIENTS="${CLIENTS:-6}"
[[ -x "$OCOP_BIN" ]] || { echo "no server binary at $OCOP_BIN (cargo build -p ocop)"; exit 1; }
WORK="$(mktemp -d "${TMPDIR:-/tmp}/ocop-soak-XXXXXX")"
SERVER=""
cleanup() {
  touch "$WORK/STOP"
  wait_clients 2>/dev/null || true
  [[ -n "$SERVER" ]] && kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null
  rm -rf "$WORK"
}
CLIENT_PIDS=()
wait_clients() { for pid in "${CLIENT_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT
# The soak is one address making thousands of requests: the per-address limits would answer 429.
export OCOP_DATA_DIR="$WORK/data" RUST_LOG=warn OCOP_RATE_LIMITS=off
PORT="$(free_port)"
"$OCOP_BIN" serve --demo --bind "127.0.0.1:$PORT" > "$WORK/server.log" 2>&1 &
SERVER=$!
wait_healthy "$PORT" 300
base="http://127.0.0.1:$PORT"
codes="$(curl -s "$base/api/v1/open-data/certificates.json" | jq -r '(if type == "array" then .[] else .items[] end) | .verification_path' | head -200)" || true
[[ -n "$codes" ]] || codes="/v/UNKNOWN"
mapfile -t VPATHS <<< "$codes"
WORDS=(ha "mat ong" tra "nuoc mam" gao bun ca "thanh an" vai "banh")

hit() { # log-file curl-args...: one request, logs "status method route"
  local log="$1" route="$2"
  shift 2
  local code
  code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 30 "$@")" || code=000
  echo "$code $route" >> "$log"
}

public_client() {
  local log="$WORK/log.$1" i=0
  while [[ ! -e "$WORK/STOP" ]]; do
    i=$((i + 1))
    hit "$log" "GET /" "$base/"
    hit "$log" "GET /catalogue" "$base/catalogue"
    hit "$log" "GET /api/v1/producers?q" "$base/api/v1/producers?q=$(jq -rn --arg w "${WORDS[i % ${#WORDS[@]}]}" '$w|@uri')"
    hit "$log" "GET /v/{code}" "$base${VPATHS[i % ${#VPATHS[@]}]}"
    hit "$log" "GET /api/v1/products" "$base/api/v1/products?page=$((i % 20 + 1))"
  done
}

official_client() {
  local log="$WORK/log.$1" jar="$WORK/jar.$1" token i=0 out id
  login "$jar" "$PORT" admin > /dev/null
  token="$(csrf "$jar" "$PORT")"
  while [[ ! -e "$WORK/STOP" ]]; do
    i=$((i + 1))
    hit "$log" "GET /producers" -b "$jar" "$base/producers"
    hit "$log" "GET /api/v1/audit" -b "$jar" "$base/api/v1/audit"
    out="$(curl -s --max-time 30 -w '\n%{http_code}' -b "$jar" -H "x-csrf-token: $token" -H 'content-type: application/json' \
      -d "{\"name\":\"Soak $1 $i\",\"legal_form\":\"household_business\",\"registration_number\":\"12D$1$(printf '%06d' "$i")\",\"representative\":\"Nguyễn Văn A\",\"commune_id\":\"2025/commune/25807\"}" \
      "$base/api/v1/producers")" || out=$'\n000'
    echo "${out##*$'\n'} POST /api/v1/producers" >> "$log"
    id="$(jq -r '.id // empty' <<< "${out%$'\n'*}" 2>/dev/null || true)"
    [[ -n "$id" ]] && hit "$log" "GET /api/v1/producers/{id}" -b "$jar" "$base/api/v1/producers/$id"
  done
}

echo "soak: $DURATION s, $CLIENTS clients, server pid $SERVER on :$PORT (data $WORK/data)"
for ((c = 1; c <= CLIENTS; c++)); do
  if ((c % 3 == 0)); then official_client "$c" & else public_client "$c" & fi
  CLIENT_PIDS+=($!)
done
start=$SECONDS
printf '  %6s %9s %7s %9s\n' seconds requests errors rss_mib
while ((SECONDS - start < DURATION)); do
  sleep 10
  total="$(cat "$WORK"/log.* 2>/dev/null | wc -l)"
  errors="$(cat "$WORK"/log.* 2>/dev/null | grep -c '^\(5\|000\)' || true)"
  rss="$(awk '/VmRSS/ {printf "%.1f", $2 / 1024}' "/proc/$SERVER/status" 2>/dev/null || echo gone)"
  printf '  %6d %9d %7d %9s\n' $((SECONDS - start)) "$total" "$errors" "$rss"
done
touch "$WORK/STOP"
wait_clients
echo "  by status and request:"
cat "$WORK"/log.* | sort | uniq -c | sort -rn | sed 's/^/    /'
errors="$(cat "$WORK"/log.* | grep -c '^\(5\|000\)' || true)"
total="$(cat "$WORK"/log.* | wc -l)"
echo "RESULT: $total requests in $DURATION s, $errors errors (5xx or no answer)"
[[ $errors == 0 ]]
