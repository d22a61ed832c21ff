#!/usr/bin/env bash
# scripts/faults/kill9.sh [sqlite|postgres] — kill -9 the server in the middle
# of a burst of concurrent writes, restart it, and check that every write it
# acknowledged (a 2xx with the new producer's id) is there, that the database
# passes its integrity check (SQLite: PRAGMA integrity_check; both: the audit
# hash chain, whose head is written in the same transaction as each change).
#
# Environment: WRITERS (default 8), BURST_SECONDS (default 3), OCOP_BIN, PG_URL.
# Prints "test result: ok. N passed; M failed" (read by scripts/test.sh).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../../tests/multi_process/lib.sh"
ENGINE="${1:-sqlite}"
WRITERS="${WRITERS:-8}"
BURST_SECONDS="${BURST_SECONDS:-3}"
[[ -x "$OCOP_BIN" ]] || { echo "no server binary at $OCOP_BIN (cargo build -p ocop)"; exit 1; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/ocop-kill9-XXXXXX")"
DB=""
SERVER=""
cleanup() {
  [[ -n "$SERVER" ]] && kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null
  [[ -n "$DB" ]] && psql "$PG_URL/postgres" -qAtc "drop database if exists \"$DB\" with (force)" >/dev/null 2>&1
  rm -rf "$WORK"
}
trap cleanup EXIT
export OCOP_DATA_DIR="$WORK/data" RUST_LOG=warn
if [[ $ENGINE == postgres ]]; then
  DB="ocop_kill9_$(random_suffix)"
  psql "$PG_URL/postgres" -qAtc "create database \"$DB\""
  export OCOP_DATABASE_URL="$PG_URL/$DB"
else
  unset OCOP_DATABASE_URL
fi
"$OCOP_BIN" migrate > /dev/null
"$OCOP_BIN" demo > /dev/null
PORT="$(free_port)"
start_server() {
  "$OCOP_BIN" serve --bind "127.0.0.1:$PORT" >> "$WORK/server.log" 2>&1 &
  SERVER=$!
  wait_healthy "$PORT"
}
start_server
JAR="$WORK/jar"
check "login" test "$(login "$JAR" "$PORT" admin)" = 200
TOKEN="$(csrf "$JAR" "$PORT")"

# writer N: creates producers until the server dies or STOP appears; appends
# each acknowledged id to acked.N.
writer() {
  local n="$1" i=0 out code id
  while [[ ! -e "$WORK/STOP" ]]; do
    i=$((i + 1))
    out="$(curl -s --max-time 10 -w '\n%{http_code}' -b "$JAR" -H "x-csrf-token: $TOKEN" \
      -H 'content-type: application/json' \
      -d "{\"name\":\"Kill9 w$n r$i\",\"legal_form\":\"household_business\",\"registration_number\":\"12A8$(printf '%02d%04d' "$n" "$i")\",\"representative\":\"Nguyễn Văn A\",\"commune_id\":\"2025/commune/25807\"}" \
      "http://127.0.0.1:$PORT/api/v1/producers")" || { echo "conn" >> "$WORK/errors.$n"; break; }
    code="${out##*$'\n'}"
    if [[ $code == 2* ]]; then
      id="$(jq -r .id <<< "${out%$'\n'*}")"
      echo "$id" >> "$WORK/acked.$n"
    else
      echo "$code" >> "$WORK/errors.$n"
    fi
  done
}
for ((w = 1; w <= WRITERS; w++)); do writer "$w" & done
sleep "$BURST_SECONDS"
kill -9 "$SERVER"
wait "$SERVER" 2>/dev/null || true
SERVER=""
touch "$WORK/STOP"
wait
acked="$(cat "$WORK"/acked.* 2>/dev/null | sort -u)"
acked_count="$(grep -c . <<< "$acked" || true)"
bad="$(cat "$WORK"/errors.* 2>/dev/null | grep -v conn | sort | uniq -c | tr '\n' ' ' || true)"
echo "  $WRITERS writers, $acked_count writes acknowledged before kill -9 after ${BURST_SECONDS}s; non-2xx before the kill: ${bad:-none}"
check "writes were acknowledged before the kill" test "$acked_count" -gt 0
check "no 5xx before the kill" bash -c "! grep -qs '^5' $WORK/errors.*"

if [[ $ENGINE == sqlite ]]; then
  check "PRAGMA integrity_check is ok after the kill (before restart)" \
    test "$(sqlite_integrity "$OCOP_DATA_DIR/ocop.sqlite")" = ok
fi
start_server
missing=0
while read -r id; do
  [[ -z "$id" ]] && continue
  code="$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/api/v1/producers/$id")"
  [[ $code == 200 ]] || { echo "  missing acknowledged producer $id ($code)"; missing=$((missing + 1)); }
done <<< "$acked"
check "all $acked_count acknowledged writes are there after restart" test "$missing" = 0
check "the audit chain verifies (ocop audit verify)" "$OCOP_BIN" audit verify
if [[ $ENGINE == sqlite ]]; then
  check "PRAGMA integrity_check is ok after restart" \
    test "$(sqlite_integrity "$OCOP_DATA_DIR/ocop.sqlite")" = ok
else
  rows="$(psql "$OCOP_DATABASE_URL" -qAtc "select count(*) from producer where name like 'Kill9 %'")"
  check "PostgreSQL holds at least the acknowledged rows ($rows ≥ $acked_count)" test "$rows" -ge "$acked_count"
fi
check "the restarted server writes again" \
  test "$(api "$JAR" "$PORT" POST /api/v1/producers '{"name":"Kill9 after","legal_form":"household_business","registration_number":"12A8999999","representative":"Nguyễn Văn A","commune_id":"2025/commune/25807"}' | jq -r .name)" = "Kill9 after"
finish
