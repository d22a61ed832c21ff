#!/usr/bin/env bash
# tests/multi_process/two_servers.sh — two `ocop serve` processes on one
# PostgreSQL database behave as one system:
#   - a session made through A is valid on B;
#   - an administrator ending a user's sessions through A logs it out on B at once;
#   - a certificate revoked through A shows as revoked on B's /v/{code} page at once;
#   - a producer renamed through A is found by B's search (accent-insensitive);
#   - the daily certificate job, scheduled by both, runs once (database lease).
# Prints "test result: ok. N passed; M failed" (read by scripts/test.sh).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
[[ -x "$OCOP_BIN" ]] || { echo "no server binary at $OCOP_BIN (cargo build -p ocop)"; exit 1; }

DB="ocop_mp_$(random_suffix)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/ocop-mp-XXXXXX")"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  psql "$PG_URL/postgres" -qAtc "drop database if exists \"$DB\" with (force)" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
psql "$PG_URL/postgres" -qAtc "create database \"$DB\""
export OCOP_DATABASE_URL="$PG_URL/$DB" RUST_LOG=warn
OCOP_DATA_DIR="$WORK/shared" "$OCOP_BIN" migrate > /dev/null
OCOP_DATA_DIR="$WORK/shared" "$OCOP_BIN" demo > /dev/null

A="$(free_port)"
# The daily job logs each run it makes at info level (check 5 counts them).
export RUST_LOG=warn,ocop_service::certificates::daily=info
OCOP_DATA_DIR="$WORK/shared" "$OCOP_BIN" serve --bind "127.0.0.1:$A" > "$WORK/a.log" 2>&1 &
PIDS+=($!)
B="$(free_port)"
OCOP_DATA_DIR="$WORK/shared" "$OCOP_BIN" serve --bind "127.0.0.1:$B" > "$WORK/b.log" 2>&1 &
PIDS+=($!)
wait_healthy "$A"
wait_healthy "$B"
echo "two servers on one database $DB: A=:$A B=:$B"

# 1. A session made on A is valid on B (same cookie jar against both).
ADMIN="$WORK/admin.jar"
check "login through A" test "$(login "$ADMIN" "$A" admin)" = 200
check "the session from A is valid on B" test "$(api "$ADMIN" "$B" GET /api/v1/auth/me | jq -r .username)" = admin

# 2. Ending a user's sessions through A logs it out on B.
OFFICER="$WORK/officer.jar"
check "province officer logs in through B" test "$(login "$OFFICER" "$B" tinh.hatinh)" = 200
check "its session works on A" test "$(status "$OFFICER" "$A" GET /api/v1/auth/me)" = 200
officer_id="$(api "$OFFICER" "$A" GET /api/v1/auth/me | jq -r .user_id)"
check "admin ends the officer's sessions through A" \
  test "$(status "$ADMIN" "$A" POST "/api/v1/users/$officer_id/revoke-sessions")" -lt 300
check "B refuses the ended session at once" test "$(status "$OFFICER" "$B" GET /api/v1/auth/me)" = 401

# 3. A revocation through A shows at once on B's verification page.
cert="$(api "$ADMIN" "$A" GET "/api/v1/certificates/worklist" |
  jq -c '[.items[].certificate | select(.status == "valid" or .status == "expiring")][0]')"
cert_id="$(jq -r .id <<< "$cert")"
code="$(jq -r .verification_code <<< "$cert")"
check "B shows the certificate as not revoked first" \
  bash -c "! curl -s 'http://127.0.0.1:$B/v/$code' | grep -q 'data-status=\"revoked\"'"
today="$(date -u +%F)"
revoke_status="$(api "$ADMIN" "$A" POST "/api/v1/certificates/$cert_id/revoke" \
  "{\"ground\":\"food_safety_violation\",\"decision_number\":\"99/QĐ-MP\",\"decided_on\":\"$today\",\"issuer_name\":\"UBND tỉnh\"}" |
  jq -r '.status // .code // "?"')"
check "revoke through A (answer: $revoke_status)" test "$revoke_status" = revoked
check "B's /v/$code says revoked at once" \
  bash -c "curl -s 'http://127.0.0.1:$B/v/$code' | grep -q 'data-status=\"revoked\"'"
check "B's verification API says revoked" \
  test "$(curl -s "http://127.0.0.1:$B/api/v1/verify/$code" | jq -r '.status // .certificate.status')" = revoked

# 4. Search on B sees a rename made through A.
producer="$(api "$ADMIN" "$A" GET "/api/v1/producers?per_page=1" | jq -r '.items[0].id')"
detail="$(api "$ADMIN" "$A" GET "/api/v1/producers/$producer")"
marker="Đa Tiến Trình $(random_suffix)"
body="$(jq -c --arg name "$marker" '{name: $name, legal_form, enterprise_kind, tax_code, registration_number,
  representative, representative_title, commune_id: .place.commune_id, address_line, phone, email, website,
  row_version}' <<< "$detail")"
check "rename the producer through A" \
  test "$(api "$ADMIN" "$A" PUT "/api/v1/producers/$producer" "$body" | jq -r .name)" = "$marker"
folded="da%20tien%20trinh%20${marker##* }"
check "B's producer search finds the new name without diacritics" \
  test "$(curl -s "http://127.0.0.1:$B/api/v1/producers?q=$folded" | jq -r '[.items[].id] | index("'"$producer"'") != null')" = true

# 5. The daily certificate job runs once across processes. Both servers schedule it
# at start-up (and hourly); the `job_lease` row for (job, day) lets exactly one run it.
# Checked in the database: one lease for today, held by A or B and finished; notices
# recorded once per certificate and kind, each with exactly one audit entry; and a
# third runner (`ocop jobs run-daily`) the same day skips and adds nothing.
sql() { psql "$OCOP_DATABASE_URL" -qAtc "$1"; }
today_vn="$(TZ=Asia/Ho_Chi_Minh date +%F)"
for _ in $(seq 1 120); do
  [[ "$(sql "select count(*) from job_lease where job = 'certificate-status' and day = '$today_vn' and finished_at is not null")" == 1 ]] && break
  sleep 0.5
done
holder="$(sql "select holder from job_lease where job = 'certificate-status' and day = '$today_vn'")"
check "exactly one lease for today's daily job (held by '$holder')" \
  test "$(sql "select count(*) from job_lease where job = 'certificate-status' and day = '$today_vn'")" = 1
check "the lease is held by server A (pid ${PIDS[0]}) or B (pid ${PIDS[1]}) and finished" \
  bash -c "[[ '$holder' == *:${PIDS[0]} || '$holder' == *:${PIDS[1]} ]] && [[ -n \"\$(psql '$OCOP_DATABASE_URL' -qAtc \"select finished_at from job_lease where job = 'certificate-status' and day = '$today_vn'\")\" ]]"
notices="$(sql "select count(*) from certificate_notice")"
check "the run recorded notices for the demo's expiring and expired certificates ($notices)" test "$notices" -gt 0
check "no certificate has the same notice twice" \
  test "$(sql "select count(*) from (select certificate_id, kind from certificate_notice group by certificate_id, kind having count(*) > 1) d")" = 0
entries="$(sql "select count(*) from audit_entry where action in ('certificate.expiring', 'certificate.expired')")"
check "one audit entry per notice ($entries entries, $notices notices)" test "$entries" = "$notices"
runs="$(cat "$WORK/a.log" "$WORK/b.log" | grep -c 'daily certificate job' || true)"
check "the two servers' logs hold exactly one run ($runs)" test "$runs" = 1
third="$(RUST_LOG=warn OCOP_DATA_DIR="$WORK/shared" "$OCOP_BIN" jobs run-daily | jq -r .ran)"
check "a third runner the same day skips (ran: $third)" test "$third" = false
check "and adds no notice" test "$(sql "select count(*) from certificate_notice")" = "$notices"

finish
