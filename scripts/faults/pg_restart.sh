#!/usr/bin/env bash
# scripts/faults/pg_restart.sh — stop and restart PostgreSQL under load. Runs a
# private PostgreSQL instance (initdb on a free port, as the postgres user when
# run as root) so the shared server is never touched. While the database is
# away the server must answer 503 with an error code — never 500 — on /readyz,
# on public reads and on writes, keep answering /healthz, and recover by itself
# once the database is back.
#
# Environment: OCOP_BIN, PG_BIN (default: the directory of `pg_ctl`), DOWN_SECONDS (default 3).
# Prints "test result: ok. N passed; M failed" (read by scripts/test.sh).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../../tests/multi_process/lib.sh"
[[ -x "$OCOP_BIN" ]] || { echo "no server binary at $OCOP_BIN (cargo build -p ocop)"; exit 1; }
PG_BIN="${PG_BIN:-$(dirname "$(readlink -f "$(command -v pg_ctl)")")}"
DOWN_SECONDS="${DOWN_SECONDS:-3}"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/ocop-pgrestart-XXXXXX")"
chmod 755 "$WORK"
PGDATA="$WORK/pg"
as_pg() {
  if [[ $(id -u) == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}
SERVER=""
LOAD=""
cleanup() {
  [[ -n "$LOAD" ]] && kill "$LOAD" 2>/dev/null
  [[ -n "$SERVER" ]] && kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null
  [[ -f "$PGDATA/postmaster.pid" ]] && as_pg "$PG_BIN/pg_ctl" -D "$PGDATA" -m immediate stop >/dev/null 2>&1
  rm -rf "$WORK"
}
trap cleanup EXIT
mkdir -p "$PGDATA"
[[ $(id -u) == 0 ]] && chown postgres "$PGDATA"
as_pg "$PG_BIN/initdb" -D "$PGDATA" -A trust -U postgres > "$WORK/initdb.log"
PGPORT="$(free_port)"
pg_start() { as_pg "$PG_BIN/pg_ctl" -D "$PGDATA" -o "-p $PGPORT -k $PGDATA -c listen_addresses=127.0.0.1" -l "$PGDATA/log" -w start > /dev/null; }
pg_stop() { as_pg "$PG_BIN/pg_ctl" -D "$PGDATA" -m fast -w stop > /dev/null; }
pg_start
URL="postgres://postgres@127.0.0.1:$PGPORT"
psql "$URL/postgres" -qAtc "create database ocop"
export OCOP_DATABASE_URL="$URL/ocop" OCOP_DATA_DIR="$WORK/data" RUST_LOG=warn
"$OCOP_BIN" migrate > /dev/null
"$OCOP_BIN" demo > /dev/null
PORT="$(free_port)"
"$OCOP_BIN" serve --bind "127.0.0.1:$PORT" > "$WORK/server.log" 2>&1 &
SERVER=$!
wait_healthy "$PORT"
JAR="$WORK/jar"
check "login" test "$(login "$JAR" "$PORT" admin)" = 200
TOKEN="$(csrf "$JAR" "$PORT")"
base="http://127.0.0.1:$PORT"

# Background load: public reads, searches and writes; every status is logged.
load() {
  local i=0
  while :; do
    i=$((i + 1))
    curl -s -o /dev/null -w '%{http_code} GET /api/v1/producers\n' --max-time 15 "$base/api/v1/producers?q=ha" || echo "000 GET"
    curl -s -o /dev/null -w '%{http_code} GET /catalogue\n' --max-time 15 "$base/catalogue" || echo "000 GET"
    curl -s -o /dev/null -w '%{http_code} POST /api/v1/producers\n' --max-time 15 -b "$JAR" -H "x-csrf-token: $TOKEN" \
      -H 'content-type: application/json' \
      -d "{\"name\":\"Restart r$i\",\"legal_form\":\"household_business\",\"registration_number\":\"12B8$(printf '%06d' "$i")\",\"representative\":\"Nguyễn Văn A\",\"commune_id\":\"2025/commune/25807\"}" \
      "$base/api/v1/producers" || echo "000 POST"
  done >> "$WORK/load.log"
}
load &
LOAD=$!
sleep 2

pg_stop
echo "  PostgreSQL stopped"
sleep 1
code_of() { curl -s -o "$WORK/body" -w '%{http_code}' --max-time 20 "$@"; }
check "/healthz still 200 while the database is away" test "$(code_of "$base/healthz")" = 200
check "/readyz is 503 while the database is away" test "$(code_of "$base/readyz")" = 503
check "a public API read is 503 with code service_unavailable" \
  bash -c "[[ \$(curl -s -o '$WORK/b1' -w '%{http_code}' --max-time 20 '$base/api/v1/producers') == 503 ]] && jq -e '.error.code == \"service_unavailable\"' '$WORK/b1' > /dev/null"
check "a page is 503" test "$(code_of "$base/catalogue")" = 503
check "an authenticated write is 503" test "$(code_of -b "$JAR" -H "x-csrf-token: $TOKEN" -H 'content-type: application/json' -d '{}' "$base/api/v1/producers")" = 503
sleep "$DOWN_SECONDS"

pg_start
echo "  PostgreSQL started again"
recovered=0
for ((i = 0; i < 120; i++)); do
  [[ "$(code_of "$base/readyz")" == 200 ]] && { recovered=1; break; }
  sleep 0.25
done
check "/readyz recovers by itself" test "$recovered" = 1
sleep 2
kill "$LOAD" 2>/dev/null; wait "$LOAD" 2>/dev/null || true
LOAD=""
check "reads work again" test "$(code_of "$base/api/v1/producers")" = 200
check "the old session works again" test "$(status "$JAR" "$PORT" GET /api/v1/auth/me)" = 200
check "writes work again" test "$(api "$JAR" "$PORT" POST /api/v1/producers '{"name":"Restart after","legal_form":"household_business","registration_number":"12B8999999","representative":"Nguyễn Văn A","commune_id":"2025/commune/25807"}' | jq -r .name)" = "Restart after"
summary="$(awk '{print $1, $2, $3}' "$WORK/load.log" | sort | uniq -c | sort -rn)"
echo "  load during the run (count status request):"
sed 's/^/    /' <<< "$summary"
check "no 500 under load across the restart" bash -c "! grep -q '^500' '$WORK/load.log'"
check "the server did not crash" kill -0 "$SERVER"
check "the audit chain verifies" "$OCOP_BIN" audit verify
finish
