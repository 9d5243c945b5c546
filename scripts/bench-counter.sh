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

(cd bench/counter && trunk build --release --offline)
# The steps Waypoint's post-build hook takes after wasm-bindgen, in its order: the glue classes
# nothing can make an instance of go (scripts/wasm-exports.mjs), wasm-opt with the split build's
# flags (bench/counter/index.html turns Trunk's off), short import names
# (scripts/wasm-imports.mjs), the glue minified (scripts/pwa-build.mjs).
node --input-type=module -e '
  const { execFileSync } = await import("node:child_process");
  const { readFileSync } = await import("node:fs");
  const { dropDeadClassesIn } = await import("./scripts/wasm-exports.mjs");
  const { WASM_OPT_FLAGS } = await import("./scripts/split-build.mjs");
  const { minifyImportNamesIn } = await import("./scripts/wasm-imports.mjs");
  const { appFiles, minifyGlue } = await import("./scripts/pwa-build.mjs");
  const dir = "bench/counter/dist";
  const dead = dropDeadClassesIn(dir);
  console.log(`bench-counter: glue classes nothing can make dropped: ${dead.classes.join(", ") || "none"}`);
  const wasm = `${dir}/${appFiles(readFileSync(`${dir}/index.html`, "utf8")).wasm}`;
  // The integrity digest in index.html is written anew by minifyImportNamesIn, next.
  execFileSync("wasm-opt", [...WASM_OPT_FLAGS, wasm, "-o", wasm], { stdio: "inherit" });
  const imports = minifyImportNamesIn(dir);
  console.log(`bench-counter: ${imports.renamed} import names shortened, ${imports.dropped.length} the module no longer has dropped from the glue, wasm ${imports.before} -> ${imports.after} bytes`);
  const glue = await minifyGlue(dir);
  console.log(`bench-counter: ${glue.file} minified, ${glue.before} -> ${glue.after} bytes`);'
node scripts/bench-bundle.mjs --dist bench/counter/dist --no-budget
