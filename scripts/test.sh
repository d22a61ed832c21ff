#!/usr/bin/env bash
# scripts/test.sh — THE test command for ocop (CI's .ci/run calls it).
#
# Runs, in order:
#   1. lint         cargo fmt --check; cargo clippy -D warnings
#   2. rust         cargo nextest (or cargo test) on SQLite, then on PostgreSQL
#   3. browser      target/debug/ocop serve --demo + node --test tests/browser/
#                   (once per database)
#   4. faults       scripts/faults/kill9.sh (both databases), disk_full.sh (SQLite,
#                   skipped without mount rights), and on PostgreSQL
#                   tests/multi_process/two_servers.sh and scripts/faults/pg_restart.sh
#   5. fuzz         scripts/fuzz.sh: every cargo-fuzz target in fuzz/ for 20 s
#                   (installs cargo-fuzz when missing)
#   6. schemathesis scripts/schemathesis.sh: the OpenAPI document against
#                   target/debug/ocop serve --demo (pinned schemathesis in a venv
#                   under target/), logged in as demo users
# and prints a summary table. Exits 1 if anything failed.
#
# Environment flags (all optional):
#   OCOP_SKIP_LINT=1        skip cargo fmt / clippy
#   OCOP_SKIP_RUST=1        skip the Rust test suites
#   OCOP_SKIP_BROWSER=1     skip the browser tests
#   OCOP_SKIP_FAULTS=1      skip the fault and multi-process scripts
#   OCOP_SKIP_FUZZ=1        skip the fuzz targets
#   OCOP_SKIP_SCHEMATHESIS=1  skip the schemathesis run
#   OCOP_FUZZ_SECONDS=s     seconds per fuzz target (default 20)
#   OCOP_ONLY_DB=sqlite     run database-dependent suites on SQLite only
#   OCOP_ONLY_DB=postgres   ... on PostgreSQL only (fails if it does not answer)
#   OCOP_SERVER_BIN=path    browser tests use this server binary instead of
#                           building target/debug/ocop
#   OCOP_CARGO=cmd          cargo command to use (default: cargo)
#   OCOP_HEALTH_TIMEOUT=s   seconds to wait for the server's /healthz (default 120)
#   CI=true                 PostgreSQL is required (started if needed), and
#                           OCOP_REQUIRE_SHARED=1 is exported
#
# PostgreSQL is expected at 127.0.0.1:5432, user postgres, trust auth. Rust
# tests create and drop their own ocop_t_* databases; leftovers that nobody is
# connected to are dropped after the run. Browser runs use ocop_browser_*.
#
# Logs: target/test-logs/<suite>-<db>.log; screenshots: target/browser-screenshots/.
#
# Examples:
#   scripts/test.sh                                   # everything
#   OCOP_SKIP_LINT=1 OCOP_ONLY_DB=sqlite scripts/test.sh
#   OCOP_SKIP_BROWSER=1 scripts/test.sh

# Functions below are mostly run indirectly (run_suite NAME FUNCTION ...), and
# $CARGO may hold a command with arguments:
# shellcheck disable=SC2317,SC2086

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

CARGO="${OCOP_CARGO:-cargo}"
PG_HOST=127.0.0.1
PG_PORT=5432
PG_USER=postgres
PG_BASE_URL="postgres://${PG_USER}@${PG_HOST}:${PG_PORT}"
IN_CI=0
[[ "${CI:-}" == "true" ]] && IN_CI=1
ONLY_DB="${OCOP_ONLY_DB:-}"
case "$ONLY_DB" in
  "" | sqlite | postgres) ;;
  *) echo "error: OCOP_ONLY_DB must be sqlite or postgres, not '$ONLY_DB'" >&2; exit 2 ;;
esac
if [[ $IN_CI == 1 ]]; then
  export OCOP_REQUIRE_SHARED=1
fi

TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
LOG_DIR="$TARGET_DIR/test-logs"
mkdir -p "$LOG_DIR"

# ---------------------------------------------------------------- helpers ---

section() {
  printf '\n\033[1m==== %s ====\033[0m\n' "$*"
}
note() { printf '  %s\n' "$*"; }

# Results: parallel arrays, one entry per suite run.
R_SUITE=() R_DB=() R_STATUS=() R_PASSED=() R_FAILED=() R_SECS=()
record() { # suite db status passed failed seconds
  R_SUITE+=("$1") R_DB+=("$2") R_STATUS+=("$3") R_PASSED+=("$4") R_FAILED+=("$5") R_SECS+=("$6")
}

# Count tests in a log of nextest, cargo test or node --test output.
# Prints "passed failed" ("- -" when the log holds no test summary).
count_tests() {
  local log="$1"
  awk '
    # nextest: "Summary [ 1.2s] 12 tests run: 10 passed, 2 failed, 0 skipped"
    /Summary \[/ && / tests? run:/ {
      nx = 1; p = 0; f = 0
      if (match($0, /[0-9]+ passed/)) p = substr($0, RSTART, RLENGTH) + 0
      if (match($0, /[0-9]+ failed/)) f = substr($0, RSTART, RLENGTH) + 0
      np = p; nf = f
    }
    # cargo test: "test result: ok. 3 passed; 0 failed; ..."
    /^test result: / {
      ct = 1
      if (match($0, /[0-9]+ passed/)) cp += substr($0, RSTART, RLENGTH) + 0
      if (match($0, /[0-9]+ failed/)) cf += substr($0, RSTART, RLENGTH) + 0
    }
    # node --test: "# pass 2" / "# fail 0" (TAP) or "ℹ pass 2" (spec)
    /^(# |ℹ )pass [0-9]+$/ { nd = 1; dp = $NF + 0 }
    /^(# |ℹ )fail [0-9]+$/ { nd = 1; df = $NF + 0 }
    END {
      if (nx) print np, nf
      else if (ct) print cp + 0, cf + 0
      else if (nd) print dp + 0, df + 0
      else print "-", "-"
    }
  ' "$log"
}

# run_suite SUITE DB COMMAND...: runs COMMAND in a subshell with errexit, logs
# to target/test-logs/SUITE-DB.log, records the result. Never aborts the script.
run_suite() {
  local suite="$1" db="$2"
  shift 2
  local log="$LOG_DIR/${suite}-${db}.log" start rc counts passed failed
  start=$(date +%s)
  set +e
  ( set -euo pipefail; "$@" ) 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  set -e
  counts="$(count_tests "$log")"
  passed="${counts% *}" failed="${counts#* }"
  if [[ $rc == 0 ]]; then
    record "$suite" "$db" passed "$passed" "$failed" $(($(date +%s) - start))
    note "-> $suite ($db): passed"
  else
    record "$suite" "$db" FAILED "$passed" "$failed" $(($(date +%s) - start))
    note "-> $suite ($db): FAILED (exit $rc; log: ${log#"$ROOT"/})"
  fi
}

skip_suite() { # suite db reason
  record "$1" "$2" "skipped" - - 0
  note "-> $1 ($2): skipped — $3"
}

have_nextest() {
  command -v cargo-nextest >/dev/null 2>&1 || $CARGO nextest --version >/dev/null 2>&1
}

# rust_tests DB: the workspace's tests against one database (run in a subshell).
rust_tests() {
  export OCOP_TEST_DATABASE="$1"
  if [[ $1 == postgres ]]; then
    export OCOP_TEST_PG_URL="$PG_BASE_URL"
  fi
  echo "OCOP_TEST_DATABASE=$OCOP_TEST_DATABASE${OCOP_TEST_PG_URL:+ OCOP_TEST_PG_URL=$OCOP_TEST_PG_URL}"
  # The second engine runs only the crates that reach the database (storage and everything
  # above it); the pure domain and documents crates say the same on both.
  local -a filter=()
  if [[ $1 == postgres ]]; then
    filter=(-E 'rdeps(ocop-storage)')
  fi
  if have_nextest; then
    $CARGO nextest run --workspace --no-fail-fast "${filter[@]}"
  else
    echo "(cargo-nextest not found: using cargo test)"
    $CARGO test --workspace --no-fail-fast
  fi
}

as_root() {
  if [[ $(id -u) == 0 ]]; then "$@"; else sudo -n "$@"; fi
}

psql_admin() {
  psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres -v ON_ERROR_STOP=1 -qAt "$@"
}

pg_answers() {
  if command -v pg_isready >/dev/null 2>&1; then
    pg_isready -q -h "$PG_HOST" -p "$PG_PORT" -t 3
  else
    psql_admin -c 'select 1' >/dev/null 2>&1
  fi
}

# Try to start the local cluster (CI or root only) and wait up to 30 s.
pg_try_start() {
  [[ $IN_CI == 1 || $(id -u) == 0 ]] || return 1
  command -v pg_ctlcluster >/dev/null 2>&1 || { note "pg_ctlcluster not found"; return 1; }
  local version
  version="$(find /etc/postgresql -mindepth 1 -maxdepth 1 -printf '%f\n' 2>/dev/null | sort -V | tail -n1)"
  [[ -n "$version" ]] || { note "no cluster under /etc/postgresql"; return 1; }
  note "starting PostgreSQL $version/main ..."
  as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  local i
  for ((i = 0; i < 30; i++)); do
    pg_answers && return 0
    sleep 1
  done
  return 1
}

# Drop leftover ocop_t_* test databases and the per-binary templates they were
# copied from (ocop_tpl_*, ocop_tpb_* while building; storage/src/testing.rs)
# that nobody is connected to.
pg_drop_leftovers() {
  local dbs db
  dbs="$(psql_admin -c "select datname from pg_database d
           where (datname like 'ocop\\_t\\_%' or datname like 'ocop\\_tpl\\_%' or datname like 'ocop\\_tpb\\_%')
           and not exists (select 1 from pg_stat_activity a where a.datname = d.datname)")" || return 0
  for db in $dbs; do
    note "dropping leftover test database $db"
    psql_admin -c "drop database if exists \"$db\"" || true
  done
}

random_suffix() {
  od -An -N6 -tx1 /dev/urandom | tr -d ' \n'
}

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

# ------------------------------------------------------ browser test step ---

ensure_chromium() {
  local bin="${OCOP_CHROMIUM:-/usr/bin/chromium}"
  [[ -x "$bin" ]] && return 0
  note "chromium not found at $bin: installing the Debian package"
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -qq
  as_root apt-get install -y -qq chromium
  [[ -x "$bin" ]]
}

ensure_node_modules() {
  local stamp="node_modules/.ocop-package-lock.sha256" want
  want="$(sha256sum package-lock.json | cut -d' ' -f1)"
  if [[ -d node_modules && -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
    return 0
  fi
  note "installing node modules (npm ci)"
  npm ci --no-audit --no-fund
  echo "$want" > "$stamp"
}

browser_cleanup() {
  local i
  if [[ -n "${BR_PID:-}" ]] && kill -0 "$BR_PID" 2>/dev/null; then
    kill "$BR_PID" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do kill -0 "$BR_PID" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$BR_PID" 2>/dev/null || true
    wait "$BR_PID" 2>/dev/null || true
    echo "  server stopped (pid $BR_PID)"
  fi
  if [[ -n "${BR_PG_DB:-}" ]]; then
    psql_admin -c "drop database if exists \"$BR_PG_DB\" with (force)" || true
    echo "  dropped database $BR_PG_DB"
  fi
  [[ -n "${BR_DATA_DIR:-}" ]] && rm -rf "$BR_DATA_DIR"
  return 0
}

# browser_run DB SERVER_BIN: start the server on a free port with a fresh data
# dir (and a fresh database for postgres), run the browser tests, clean up.
browser_run() {
  # Globals (BR_*), not locals: the EXIT trap runs after this function has
  # returned. run_suite runs us in a subshell, so nothing leaks out.
  local db="$1" bin="$2" port server_log code
  BR_PID="" BR_PG_DB=""
  port="$(free_port)"
  BR_DATA_DIR="$(mktemp -d "${TMPDIR:-/tmp}/ocop-browser-${db}-XXXXXX")"
  server_log="$LOG_DIR/server-${db}.log"
  trap browser_cleanup EXIT

  local -a env_args=(env -u OCOP_DATABASE_URL OCOP_DATA_DIR="$BR_DATA_DIR")
  if [[ $db == postgres ]]; then
    BR_PG_DB="ocop_browser_$(random_suffix)"
    psql_admin -c "create database \"$BR_PG_DB\""
    env_args+=(OCOP_DATABASE_URL="$PG_BASE_URL/$BR_PG_DB")
    note "database: $PG_BASE_URL/$BR_PG_DB"
  fi
  note "server: $bin serve --demo --bind 127.0.0.1:$port (data dir $BR_DATA_DIR, log ${server_log#"$ROOT"/})"
  "${env_args[@]}" "$bin" serve --demo --bind "127.0.0.1:$port" > "$server_log" 2>&1 &
  BR_PID=$!

  local timeout="${OCOP_HEALTH_TIMEOUT:-120}"
  local deadline=$((SECONDS + timeout))
  while :; do
    if ! kill -0 "$BR_PID" 2>/dev/null; then
      wait "$BR_PID" && code=0 || code=$?
      BR_PID=""
      echo "error: the server exited (status $code) before /healthz answered. Server log:"
      sed 's/^/  | /' "$server_log"
      return 1
    fi
    code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$port/healthz" || true)"
    [[ "$code" == 200 ]] && break
    if ((SECONDS >= deadline)); then
      echo "error: GET /healthz did not answer 200 within ${timeout} s (last status: ${code:-none}). Server log:"
      sed 's/^/  | /' "$server_log"
      return 1
    fi
    sleep 0.5
  done
  note "server is up after $((SECONDS + timeout - deadline)) s"

  local -a tests=(tests/browser/*.test.mjs)
  OCOP_BASE_URL="http://127.0.0.1:$port" OCOP_SCREENSHOT_PREFIX="${db}-" \
    node --test "${tests[@]}"
}

# ------------------------------------------------------------------ steps ---

printf 'ocop test run: %s (CI=%s, only db=%s)\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "${CI:-}" "${ONLY_DB:-all}"

# 1. lint
section "1. Lint: cargo fmt, cargo clippy"
if [[ "${OCOP_SKIP_LINT:-}" == 1 ]]; then
  skip_suite fmt - "OCOP_SKIP_LINT=1"
  skip_suite clippy - "OCOP_SKIP_LINT=1"
else
  run_suite fmt - $CARGO fmt --all -- --check
  run_suite clippy - $CARGO clippy --workspace --all-targets -- -D warnings
fi

# Which databases?
DBS=()
[[ "$ONLY_DB" != postgres ]] && DBS+=(sqlite)
if [[ "$ONLY_DB" != sqlite ]]; then
  section "PostgreSQL at $PG_HOST:$PG_PORT"
  if pg_answers || pg_try_start; then
    note "PostgreSQL answers"
    DBS+=(postgres)
  elif [[ $IN_CI == 1 || "$ONLY_DB" == postgres ]]; then
    note "PostgreSQL does not answer at $PG_HOST:$PG_PORT and it is required here (CI=true or OCOP_ONLY_DB=postgres)"
    record postgres-server postgres FAILED - - 0
  else
    echo "PostgreSQL does not answer at $PG_HOST:$PG_PORT — running SQLite only"
    skip_suite rust postgres "PostgreSQL does not answer"
    [[ "${OCOP_SKIP_BROWSER:-}" == 1 ]] || skip_suite browser postgres "PostgreSQL does not answer"
  fi
fi

# 2. Rust tests
for db in "${DBS[@]}"; do
  section "2. Rust tests on $db"
  if [[ "${OCOP_SKIP_RUST:-}" == 1 ]]; then
    skip_suite rust "$db" "OCOP_SKIP_RUST=1"
    continue
  fi
  run_suite rust "$db" rust_tests "$db"
  if [[ $db == postgres ]]; then
    pg_drop_leftovers
  fi
done

# 3. Browser tests
section "3. Browser tests"
if [[ "${OCOP_SKIP_BROWSER:-}" == 1 ]]; then
  for db in "${DBS[@]}"; do skip_suite browser "$db" "OCOP_SKIP_BROWSER=1"; done
elif ((${#DBS[@]} == 0)); then
  note "no database to run against"
else
  SERVER_BIN="${OCOP_SERVER_BIN:-}"
  prep_ok=1
  prepare_browser() {
    ensure_chromium
    ensure_node_modules
    if [[ -z "${OCOP_SERVER_BIN:-}" ]]; then
      $CARGO build --workspace --bin ocop
    fi
  }
  run_suite browser-setup - prepare_browser
  [[ "${R_STATUS[-1]}" == passed ]] || prep_ok=0
  SERVER_BIN="${SERVER_BIN:-$TARGET_DIR/debug/ocop}"
  for db in "${DBS[@]}"; do
    section "3. Browser tests on $db"
    if [[ $prep_ok == 0 ]]; then
      record browser "$db" FAILED - - 0
      note "-> browser ($db): FAILED (setup failed: chromium, npm ci or cargo build)"
      continue
    fi
    run_suite browser "$db" browser_run "$db" "$SERVER_BIN"
  done
fi

# 4. Fault and multi-process scripts (each prints "test result: ok. N passed; M failed")
section "4. Fault and multi-process scripts"
fault_scripts() { # DB
  export OCOP_BIN="${OCOP_SERVER_BIN:-$TARGET_DIR/debug/ocop}"
  [[ -x "$OCOP_BIN" ]] || $CARGO build --workspace --bin ocop
  # The scripts talk to the server with curl and read its JSON with jq.
  if ! command -v jq > /dev/null || ! command -v curl > /dev/null; then
    as_root apt-get update -qq && as_root apt-get install -y -qq jq curl
  fi
  local status=0
  if [[ $1 == sqlite ]]; then
    scripts/faults/kill9.sh sqlite || status=1
    scripts/faults/disk_full.sh || status=1
  else
    PG_URL="$PG_BASE_URL" tests/multi_process/two_servers.sh || status=1
    PG_URL="$PG_BASE_URL" scripts/faults/kill9.sh postgres || status=1
    scripts/faults/pg_restart.sh || status=1
  fi
  return $status
}
if [[ "${OCOP_SKIP_FAULTS:-}" == 1 ]]; then
  for db in "${DBS[@]}"; do skip_suite faults "$db" "OCOP_SKIP_FAULTS=1"; done
else
  for db in "${DBS[@]}"; do
    run_suite faults "$db" fault_scripts "$db"
  done
fi

# 5. Fuzz targets (scripts/fuzz.sh prints "test result: ok. N passed; M failed")
section "5. Fuzz targets (cargo-fuzz)"
if [[ "${OCOP_SKIP_FUZZ:-}" == 1 ]]; then
  skip_suite fuzz - "OCOP_SKIP_FUZZ=1"
else
  run_suite fuzz - scripts/fuzz.sh "${OCOP_FUZZ_SECONDS:-20}"
fi

# 6. schemathesis against the OpenAPI document (prints the same summary line)
section "6. schemathesis against /api/openapi.json"
if [[ "${OCOP_SKIP_SCHEMATHESIS:-}" == 1 ]]; then
  skip_suite schemathesis - "OCOP_SKIP_SCHEMATHESIS=1"
else
  schemathesis_run() {
    export OCOP_BIN="${OCOP_SERVER_BIN:-$TARGET_DIR/debug/ocop}"
    [[ -x "$OCOP_BIN" ]] || $CARGO build --workspace --bin ocop
    scripts/schemathesis.sh
  }
  run_suite schemathesis sqlite schemathesis_run
fi

# 7. Summary
section "Summary"
total_passed=0 total_failed=0 any_failed=0
printf '  %-16s %-9s %-8s %6s %6s %6s\n' suite database result passed failed secs
printf '  %-16s %-9s %-8s %6s %6s %6s\n' ---------------- --------- -------- ------ ------ ------
for i in "${!R_SUITE[@]}"; do
  printf '  %-16s %-9s %-8s %6s %6s %6s\n' "${R_SUITE[$i]}" "${R_DB[$i]}" "${R_STATUS[$i]}" \
    "${R_PASSED[$i]}" "${R_FAILED[$i]}" "${R_SECS[$i]}"
  [[ "${R_PASSED[$i]}" =~ ^[0-9]+$ ]] && total_passed=$((total_passed + R_PASSED[i]))
  if [[ "${R_STATUS[$i]}" == FAILED ]]; then
    any_failed=1
    if [[ "${R_FAILED[$i]}" =~ ^[1-9][0-9]*$ ]]; then
      total_failed=$((total_failed + R_FAILED[i]))
    else
      total_failed=$((total_failed + 1)) # a failed step that ran no test (build, lint, setup)
    fi
  fi
done
echo
if [[ $any_failed == 1 ]]; then
  echo "RESULT: FAILED"
else
  echo "RESULT: ok"
fi
echo "Total: ${total_passed} passed, ${total_failed} failed"
exit "$any_failed"
