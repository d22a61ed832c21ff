#!/usr/bin/env bash
# scripts/fuzz.sh [SECONDS] — builds the cargo-fuzz targets in fuzz/ and runs each
# for SECONDS (default 20) from its seeds (fuzz/seeds/<target>, plus the shipped
# criteria sheet and directives). Installs cargo-fuzz when missing. Only the stable
# toolchain is needed: RUSTC_BOOTSTRAP=1 lets cargo-fuzz pass its nightly flags,
# and `-s none` builds without the address sanitizer (safe Rust; libFuzzer still
# catches panics, overflows in debug assertions, timeouts and memory blow-ups).
#
# Per target prints "target: N runs, crash|ok"; at the end
# "test result: ok. N passed; M failed" (read by scripts/test.sh), one per target.
# Crash inputs stay in fuzz/artifacts/<target>/ (gitignored); reproduce with
#   RUSTC_BOOTSTRAP=1 cargo fuzz run -s none <target> fuzz/artifacts/<target>/crash-…
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SECONDS_EACH="${1:-20}"
export RUSTC_BOOTSTRAP=1
CARGO="${OCOP_CARGO:-cargo}"
if ! $CARGO fuzz --version > /dev/null 2>&1; then
  echo "installing cargo-fuzz from crates.io"
  $CARGO install cargo-fuzz --locked --version 0.13.2
fi
cd "$ROOT/fuzz"
build_start=$SECONDS
$CARGO fuzz build -s none
echo "fuzz targets built in $((SECONDS - build_start)) s"
extra_seeds() { # target: seed directories beyond fuzz/seeds/<target>
  case "$1" in
    criteria_text) echo "$ROOT/reference/criteria" ;;
    directive_text) echo "$ROOT/reference/directives/seeds" ;;
  esac
}
passed=0 failed=0
for target in $($CARGO fuzz list); do
  corpus="$ROOT/fuzz/corpus/$target"
  mkdir -p "$corpus" "$ROOT/fuzz/artifacts/$target"
  seeds=()
  [[ -d "$ROOT/fuzz/seeds/$target" ]] && seeds+=("$ROOT/fuzz/seeds/$target")
  for dir in $(extra_seeds "$target"); do seeds+=("$dir"); done
  log="$ROOT/fuzz/artifacts/$target/run.log"
  before=$(find "$ROOT/fuzz/artifacts/$target" -name 'crash-*' -o -name 'oom-*' -o -name 'timeout-*' | wc -l)
  # -rss_limit_mb: the xlsx guard bounds memory; 2 GiB catches a blow-up without
  # starving the 2-core CI machine. -timeout: one input may take at most 10 s.
  if $CARGO fuzz run -s none "$target" "$corpus" "${seeds[@]}" -- \
      -max_total_time="$SECONDS_EACH" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 > "$log" 2>&1; then
    status=ok
  else
    status=crash
  fi
  after=$(find "$ROOT/fuzz/artifacts/$target" -name 'crash-*' -o -name 'oom-*' -o -name 'timeout-*' | wc -l)
  runs="$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')"
  if [[ $status == ok ]]; then
    passed=$((passed + 1))
    echo "  ok   $target: $runs runs in ${SECONDS_EACH} s, corpus $(find "$corpus" -type f | wc -l) inputs"
  else
    failed=$((failed + 1))
    echo "  FAIL $target: crashed after $runs runs ($((after - before)) new artifact(s) in fuzz/artifacts/$target); log:"
    grep -E 'panicked|ERROR|SUMMARY|Test unit written' "$log" | head -20 | sed 's/^/       /'
  fi
done
echo "test result: $([[ $failed == 0 ]] && echo ok || echo FAILED). $passed passed; $failed failed"
[[ $failed == 0 ]]
