# Shared helpers for the multi-process and fault scripts (sourced, bash).
# OCOP_BIN: the server binary (default $CARGO_TARGET_DIR/debug/ocop or target/debug/ocop).
# PG_URL: PostgreSQL server (default postgres://postgres@127.0.0.1:5432).

MP_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OCOP_BIN="${OCOP_BIN:-${CARGO_TARGET_DIR:-$MP_ROOT/target}/debug/ocop}"
PG_URL="${PG_URL:-postgres://postgres@127.0.0.1:5432}"
DEMO_PASSWORD="ocop-demo-2026"
MP_FAILURES=0
MP_CHECKS=0

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

random_suffix() { od -An -N5 -tx1 /dev/urandom | tr -d ' \n'; }

# check DESCRIPTION CONDITION-COMMAND...: records a pass or a failure.
check() {
  local what="$1"
  shift
  MP_CHECKS=$((MP_CHECKS + 1))
  if "$@"; then
    echo "  ok   $what"
  else
    echo "  FAIL $what"
    MP_FAILURES=$((MP_FAILURES + 1))
  fi
}

# Prints the summary line understood by scripts/test.sh and returns the status.
finish() {
  local passed=$((MP_CHECKS - MP_FAILURES))
  echo "test result: $([[ $MP_FAILURES == 0 ]] && echo ok || echo FAILED). $passed passed; $MP_FAILURES failed"
  [[ $MP_FAILURES == 0 ]]
}

# wait_healthy PORT [SECONDS]: waits for /healthz to answer 200.
wait_healthy() {
  local port="$1" limit="${2:-120}" i
  for ((i = 0; i < limit * 4; i++)); do
    [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$port/healthz")" == 200 ]] && return 0
    sleep 0.25
  done
  echo "server on port $port did not become healthy" >&2
  return 1
}

# A cookie jar per client: login JAR PORT USERNAME — logs in through the API.
login() {
  local jar="$1" port="$2" user="$3" token
  token="$(csrf "$jar" "$port")"
  curl -s -o /dev/null -w '%{http_code}' -b "$jar" -c "$jar" -H "x-csrf-token: $token" \
    -H 'content-type: application/json' \
    -d "{\"username\":\"$user\",\"password\":\"$DEMO_PASSWORD\"}" "http://127.0.0.1:$port/api/v1/auth/login"
}

# csrf JAR PORT: prints a CSRF token (sets the cookie in the jar).
csrf() {
  curl -s -b "$1" -c "$1" "http://127.0.0.1:$2/api/v1/auth/csrf" | jq -r '.token // .csrf_token // .csrf'
}

# api JAR PORT METHOD PATH [JSON]: prints "STATUS BODY-FILE" style: body to stdout, status to fd 3.
api() {
  local jar="$1" port="$2" method="$3" path="$4" body="${5:-}" token
  token="$(csrf "$jar" "$port")"
  if [[ -n "$body" ]]; then
    curl -s -X "$method" -b "$jar" -c "$jar" -H "x-csrf-token: $token" -H 'content-type: application/json' \
      -d "$body" "http://127.0.0.1:$port$path"
  else
    curl -s -X "$method" -b "$jar" -c "$jar" -H "x-csrf-token: $token" "http://127.0.0.1:$port$path"
  fi
}

# status JAR PORT METHOD PATH: prints the HTTP status only.
status() {
  local jar="$1" port="$2" method="$3" path="$4" token
  token="$(csrf "$jar" "$port")"
  curl -s -o /dev/null -w '%{http_code}' -X "$method" -b "$jar" -c "$jar" -H "x-csrf-token: $token" \
    "http://127.0.0.1:$port$path"
}

# sqlite_integrity FILE: prints the result of PRAGMA integrity_check ("ok" when sound),
# with the sqlite3 command line tool or, without it, Python's sqlite3 module.
sqlite_integrity() {
  if command -v sqlite3 > /dev/null 2>&1; then
    sqlite3 "$1" 'PRAGMA integrity_check'
  else
    python3 -c 'import sqlite3, sys; print("\n".join(r[0] for r in sqlite3.connect(sys.argv[1]).execute("PRAGMA integrity_check")))' "$1"
  fi
}
