# shellcheck shell=bash
# Waypoint's tool environment. Source it (`source scripts/env.sh`) from a shell or a script:
# it only sets variables, never shell options, so it is safe in an interactive shell.
#
# - PATH: node_modules/.bin first (binaryen's wasm-opt 132 must win over any system wasm-opt,
#   Debian's 108 builds a broken module), then ~/.cargo/bin (trunk, wasm-bindgen, wasm-split-cli).
# - The versions every script agrees on. The wasm-bindgen version is read from Cargo.lock,
#   never written here: Cargo.toml pins the crate with `=`, and the CLI must match it.

WAYPOINT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export WAYPOINT_ROOT

# The one place trunk's version is written.
export WAYPOINT_TRUNK_VERSION="0.21.14"
# wasm-split-cli, from the crate wasm_split_cli_support: it cuts the release wasm into modules
# (scripts/split-build.mjs). It must understand the split points of the wasm_split_helpers
# crate that Cargo.lock resolved (through leptos), which is 0.2.x.
export WAYPOINT_WASM_SPLIT_VERSION="0.2.4"

# `wasm_lock_version FILE`: the wasm-bindgen version a Cargo.lock resolved, or nothing.
wasm_lock_version() {
  awk '
    $0 == "name = \"wasm-bindgen\"" { hit = 1; next }
    hit && /^version = / { gsub(/"/, "", $3); print $3; exit }
    /^$/ { hit = 0 }
  ' "$1" 2>/dev/null
}

# `trunk_tool_pin FILE KEY`: a `[tools]` value from a Trunk.toml (wasm_bindgen, wasm_opt).
trunk_tool_pin() {
  awk -v key="$2" '
    /^\[/ { in_tools = ($0 == "[tools]"); next }
    in_tools && $1 == key { v = $0; sub(/^[^=]*=[ \t]*/, "", v); gsub(/"/, "", v); sub(/[ \t]*#.*$/, "", v); print v; exit }
  ' "$1" 2>/dev/null
}

WAYPOINT_WASM_BINDGEN_VERSION="$(wasm_lock_version "$WAYPOINT_ROOT/Cargo.lock")"
export WAYPOINT_WASM_BINDGEN_VERSION
WAYPOINT_WASM_OPT_VERSION="$(trunk_tool_pin "$WAYPOINT_ROOT/Trunk.toml" wasm_opt)"
export WAYPOINT_WASM_OPT_VERSION

# Trunk reads these over Trunk.toml: the Cargo.lock version is the truth; setup.sh fails if
# Trunk.toml's pin has drifted from it, so the two can never silently disagree.
if [ -n "$WAYPOINT_WASM_BINDGEN_VERSION" ]; then
  export TRUNK_TOOLS_WASM_BINDGEN="$WAYPOINT_WASM_BINDGEN_VERSION"
fi
# Never let trunk download a tool or check for its own updates: the network is closed.
export TRUNK_OFFLINE=true
export TRUNK_SKIP_VERSION_CHECK=true

# wasm-bindgen-test-runner drives headless Chromium through this driver (args: webdriver.json).
# The FHIR validator (scripts/fhir-validate.py): fhir.resources at its last R4 release line, in a
# virtual environment of this checkout's own that setup.sh makes.
export WAYPOINT_FHIR_RESOURCES_VERSION="6.4.0"
export WAYPOINT_PYDANTIC_VERSION="1.10.27"
export WAYPOINT_FHIR_PYTHON="$WAYPOINT_ROOT/.venv-fhir/bin/python"

export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
export WAYPOINT_CHROMIUM="${WAYPOINT_CHROMIUM:-/usr/bin/chromium}"

# Move to the front (dropping any earlier copy), so sourcing twice leaves PATH as it was.
_waypoint_path_prepend() {
  local out="" dir
  local IFS=:
  for dir in $PATH; do
    [ "$dir" = "$1" ] || out="${out:+$out:}$dir"
  done
  PATH="$1${out:+:$out}"
}
_waypoint_path_prepend "$HOME/.cargo/bin"
_waypoint_path_prepend "$WAYPOINT_ROOT/node_modules/.bin"
export PATH
unset -f _waypoint_path_prepend
