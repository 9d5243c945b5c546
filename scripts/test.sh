#!/usr/bin/env bash
# Runs every check Waypoint has, in order, and fails if any fails:
#   setup, rustfmt, clippy (native and wasm32), native tests, the tests of these scripts
#   (tests/tools), browser tests (wasm-bindgen-test in headless Chromium), the release build,
#   the bundle budget, the end-to-end suite (tests/e2e, Playwright on the release build, run with
#   the machine's date a year ahead).
# A failed stage does not stop the independent ones after it (so one run shows every problem);
# stages that need the release build are skipped when it failed. Set FAIL_FAST=1 to stop at the
# first failure. CARGO_TARGET_DIR is honoured if set, never set here.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/env.sh
source scripts/env.sh

if [ -t 1 ]; then bold=$'\e[1m' red=$'\e[31m' green=$'\e[32m' off=$'\e[0m'; else bold="" red="" green="" off=""; fi

passed=() failed=() skipped=() timings=()
run_start=$SECONDS

# `stage NAME CMD...`: runs CMD under a heading, records its time and outcome.
stage() {
  local name="$1"
  shift
  printf '\n%s==> %s%s\n' "$bold" "$name" "$off"
  printf '    $ %s\n' "$*"
  local start=$SECONDS rc=0
  set +e
  "$@"
  rc=$?
  set -e
  local took=$((SECONDS - start))
  timings+=("$name ${took}s")
  if [ "$rc" -eq 0 ]; then
    passed+=("$name")
    printf '%s<== %s: ok (%ss)%s\n' "$green" "$name" "$took" "$off"
  else
    failed+=("$name")
    printf '%s<== %s: FAILED (exit %s, %ss)%s\n' "$red" "$name" "$rc" "$took" "$off"
    if [ "${FAIL_FAST:-0}" = 1 ]; then summary; fi
  fi
  return 0
}

skip() {
  skipped+=("$1")
  printf '\n%s==> %s: skipped (%s)%s\n' "$bold" "$1" "$2" "$off"
}

ok() { [[ " ${passed[*]} " == *" $1 "* ]]; }

summary() {
  local total=$((SECONDS - run_start))
  printf '\n%s==> summary%s\n' "$bold" "$off"
  printf '    %s\n' "${timings[@]}"
  [ "${#skipped[@]}" -eq 0 ] || printf '    skipped: %s\n' "${skipped[*]}"
  if [ "${#failed[@]}" -eq 0 ] && [ "${#skipped[@]}" -eq 0 ]; then
    printf '%stest.sh: all %d stages passed in %ss%s\n' "$green" "${#passed[@]}" "$total" "$off"
    printf 'stages: %d passed, 0 failed\n' "${#passed[@]}"
    exit 0
  fi
  local what="${failed[*]:-none}"
  [ "${#skipped[@]}" -eq 0 ] || what="$what; skipped: ${skipped[*]}"
  printf '%stest.sh: FAILED: %s (%d passed, %ss)%s\n' "$red" "$what" "${#passed[@]}" "$total" "$off"
  printf 'stages: %d passed, %d failed\n' "${#passed[@]}" "$((${#failed[@]} + ${#skipped[@]}))"
  exit 1
}

# Browser tests are exactly the tests/browser_*.rs files, each named with --test: the library's
# and binary's own unit tests are native-only and must not run under the wasm runner.
browser_test_args=()
for f in tests/browser_*.rs; do
  [ -e "$f" ] && browser_test_args+=(--test "$(basename "$f" .rs)")
done

browser_tests() {
  if [ "${#browser_test_args[@]}" -eq 0 ]; then
    echo "no tests/browser_*.rs files: nothing to run"
    return 0
  fi
  cargo test --target wasm32-unknown-unknown "${browser_test_args[@]}"
}

# Setup installs missing tools; without them nothing else can run.
stage setup bash scripts/setup.sh
if ! ok setup; then summary; fi

stage fmt cargo fmt --all --check
stage clippy-native cargo clippy --all-targets -- -D warnings
# Both ways the wasm builds: the release app (--features split, screens as split points) and the
# browser tests (without it, the same screens as plain async functions).
clippy_wasm() {
  cargo clippy --target wasm32-unknown-unknown --lib --bins "${browser_test_args[@]}" -- -D warnings &&
    cargo clippy --target wasm32-unknown-unknown --lib --bins --features split -- -D warnings
}
stage clippy-wasm clippy_wasm
stage test-native cargo test
stage test-tools node --test tests/tools/
stage test-browser browser_tests
stage build trunk build --release --offline
if ok build; then
  stage bundle node scripts/bench-bundle.mjs --ceiling-kb bench/bundle-ceiling-kb
  # A year ahead of the machine's date (Debian's faketime, installed by setup): every page runs on
  # a clock the test sets, so nothing may depend on today. Only node and the Chromium it starts
  # run shifted; cargo stays out (its build cache compares file times).
  stage e2e faketime '+1 year' node --test --test-concurrency=1 tests/e2e/
else
  skip bundle "the release build failed"
  skip e2e "the release build failed"
fi

summary
