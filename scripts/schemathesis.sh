#!/usr/bin/env bash
# scripts/schemathesis.sh — schemathesis (PyPI, pinned) against the OpenAPI document
# of a fresh `ocop serve --demo`, logged in as demo users (scripts/schemathesis/hooks.py:
# session cookie and X-CSRF-Token from a real login). Checks: no 5xx (nor a dropped
# connection), and every response matches its documented schema.
#
# Two passes: as the administrator (every operation), then as the demo producer
# (the same operations seen by the least privileged role). Bounded by
# --max-examples (default 8 per operation) and --max-time per pass.
#
# The server runs with OCOP_RATE_LIMITS=off: schemathesis sends thousands of requests from one address.
# Environment: OCOP_BIN, ST_MAX_EXAMPLES, ST_MAX_TIME (seconds per pass, default 75),
# ST_SEED (default 1, so a CI failure reproduces). Installs schemathesis into
# target/schemathesis/venv when missing. Prints "test result: ok. N passed; M failed"
# (one per pass) for scripts/test.sh; reports in target/schemathesis/report-*/.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../tests/multi_process/lib.sh"
ROOT="$MP_ROOT"
VERSION=4.32.5
VENV="${CARGO_TARGET_DIR:-$ROOT/target}/schemathesis/venv"
[[ -x "$OCOP_BIN" ]] || { echo "no server binary at $OCOP_BIN (cargo build --workspace)"; exit 1; }
if [[ "$("$VENV/bin/schemathesis" --version 2>/dev/null)" != *"$VERSION"* ]]; then
  echo "installing schemathesis $VERSION into $VENV"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q "schemathesis==$VERSION"
fi
WORK="$(mktemp -d "${TMPDIR:-/tmp}/ocop-schemathesis-XXXXXX")"
SERVER=""
cleanup() {
  [[ -n "$SERVER" ]] && kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT
PORT="$(free_port)"
OCOP_DATA_DIR="$WORK/data" OCOP_RATE_LIMITS=off RUST_LOG=warn "$OCOP_BIN" serve --demo --bind "127.0.0.1:$PORT" > "$WORK/server.log" 2>&1 &
SERVER=$!
wait_healthy "$PORT" 300
export OCOP_ST_BASE="http://127.0.0.1:$PORT" SCHEMATHESIS_HOOKS=hooks PYTHONPATH="$ROOT/scripts/schemathesis"
export OCOP_ST_PASSWORD="$DEMO_PASSWORD"
REPORTS="${CARGO_TARGET_DIR:-$ROOT/target}/schemathesis"

pass() { # name user
  local name="$1" user="$2" log="$REPORTS/$1.log" started=$SECONDS
  rm -rf "$REPORTS/report-$name"
  # Logging out would end the session the hooks hold; every other operation runs.
  if OCOP_ST_USER="$user" "$VENV/bin/schemathesis" run "$OCOP_ST_BASE/api/openapi.json" \
      --checks not_a_server_error,response_schema_conformance \
      --max-examples "${ST_MAX_EXAMPLES:-8}" --max-time "${ST_MAX_TIME:-75}" --seed "${ST_SEED:-1}" \
      --workers 1 --request-timeout 30 --exclude-path /api/v1/auth/logout \
      --report junit --report-dir "$REPORTS/report-$name" > "$log" 2>&1; then
    MP_CHECKS=$((MP_CHECKS + 1))
    echo "  ok   $name ($user): $(grep -E '^ *[0-9]+ generated' "$log" | tr -s ' ') in $((SECONDS - started)) s"
  else
    MP_CHECKS=$((MP_CHECKS + 1)) MP_FAILURES=$((MP_FAILURES + 1))
    echo "  FAIL $name ($user): $(grep -E '^ *[0-9]+ generated' "$log" | tr -s ' ') in $((SECONDS - started)) s; log ${log#"$ROOT"/}:"
    sed -n '/=== FAILURES ===\|=== ERRORS ===/,/=== WARNINGS ===\|=== SUMMARY ===/p' "$log" | cut -c1-400 | head -150 | sed 's/^/       /'
  fi
}
pass administrator admin
pass producer "${OCOP_ST_PRODUCER:-chuthe.phusang}"
if grep -q 'panicked' "$WORK/server.log"; then
  check "the server log has no panic" false
  grep -m5 -A2 'panicked' "$WORK/server.log" | sed 's/^/       /'
fi
finish
