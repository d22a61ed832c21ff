#!/usr/bin/env bash
# tests/multi_process/two_servers.sh — two `ocop serve` processes on one
# PostgreSQL database behave as one system:
#   - a session made through A is valid on B;
#   - an administrator ending a user's sessions through A logs it out on B at once;
#   - a certificate revoked through A shows as revoked on B's /v/{code} page at once;
#   - a producer renamed through A is found by B's search (accent-insensitive);
#   - scheduled jobs: see the hook at the end (none is scheduled on this branch yet).
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

# 5. Scheduled jobs run once across processes.
# Hook: when a scheduled job with a database lease exists (engineer "certificates"
# builds a daily job), start both servers with it enabled, trigger one period,
# and count its runs in the audit trail here (expect exactly 1).
if "$OCOP_BIN" --help | grep -qi 'jobs\|schedule'; then
  echo "  note a scheduler command exists: extend check 5 of this script"
fi

finish
