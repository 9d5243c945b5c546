#!/usr/bin/env bash
# Builds the bare Leptos counter (bench/counter) into bench/counter/dist, the floor that
# scripts/bench-bundle.mjs compares Waypoint's first load against, and prints its sizes.
# Not part of scripts/test.sh: a benchmark, run on demand.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh >/dev/null
# shellcheck source=scripts/env.sh
source scripts/env.sh

# The comparison only means something if both builds use the same tools.
for key in wasm_bindgen wasm_opt; do
  main_pin="$(trunk_tool_pin Trunk.toml "$key")"
  counter_pin="$(trunk_tool_pin bench/counter/Trunk.toml "$key")"
  if [ "$main_pin" != "$counter_pin" ]; then
    echo "bench-counter: bench/counter/Trunk.toml pins $key = \"$counter_pin\", Trunk.toml \"$main_pin\": make them equal" >&2
    exit 1
  fi
done
counter_wbg="$(wasm_lock_version bench/counter/Cargo.lock)"
if [ -n "$counter_wbg" ] && [ "$counter_wbg" != "$WAYPOINT_WASM_BINDGEN_VERSION" ]; then
  echo "bench-counter: bench/counter/Cargo.lock has wasm-bindgen $counter_wbg, Cargo.lock $WAYPOINT_WASM_BINDGEN_VERSION" >&2
  exit 1
fi

# Same release profile, or the comparison measures the profile rather than the app.
release_profile() { awk '/^\[/ { on = ($0 == "[profile.release]"); next } on && NF && !/^#/' "$1"; }
if [ "$(release_profile Cargo.toml)" != "$(release_profile bench/counter/Cargo.toml)" ]; then
  echo "bench-counter: warning: [profile.release] differs between Cargo.toml and bench/counter/Cargo.toml:" >&2
  diff <(release_profile Cargo.toml) <(release_profile bench/counter/Cargo.toml) >&2 || true
fi

# The counter's wasm-opt (Trunk's, from bench/counter/index.html) must run with the flags the
# split build gives Waypoint's modules (scripts/split-build.mjs WASM_OPT_FLAGS).
node --input-type=module -e '
  const { WASM_OPT_FLAGS } = await import("./scripts/split-build.mjs");
  const { readFileSync } = await import("node:fs");
  const html = readFileSync("bench/counter/index.html", "utf8");
  const level = html.match(/data-wasm-opt="([^"]*)"/)?.[1];
  const params = html.match(/data-wasm-opt-params="([^"]*)"/)?.[1] ?? "";
  const counter = [`-O${level}`, ...params.split(/\s+/).filter(Boolean)].join(" ");
  if (counter !== WASM_OPT_FLAGS.join(" ")) {
    console.error(`bench-counter: warning: the counter runs wasm-opt ${counter}, Waypoint ${WASM_OPT_FLAGS.join(" ")}`);
  }'

(cd bench/counter && trunk build --release --offline)
# Waypoint's post-build hook shortens the wasm's import names (scripts/wasm-imports.mjs) and
# minifies wasm-bindgen's glue (scripts/pwa-build.mjs); so here too.
node --input-type=module -e '
  const { minifyImportNamesIn } = await import("./scripts/wasm-imports.mjs");
  const { minifyGlue } = await import("./scripts/pwa-build.mjs");
  const imports = minifyImportNamesIn("bench/counter/dist");
  console.log(`bench-counter: ${imports.renamed} import names shortened, wasm ${imports.before} -> ${imports.after} bytes`);
  const glue = await minifyGlue("bench/counter/dist");
  console.log(`bench-counter: ${glue.file} minified, ${glue.before} -> ${glue.after} bytes`);'
node scripts/bench-bundle.mjs --dist bench/counter/dist --no-budget
