#!/usr/bin/env bash
# Installs what Waypoint's build and tests need, and only what is missing or at the wrong
# version: the wasm32 target, trunk, wasm-bindgen-cli (the version Cargo.lock resolved), wasm-split-cli,
# Chromium + ChromeDriver and faketime (Debian), the FHIR validator (PyPI's fhir.resources, in
# .venv-fhir), and the npm dev tools (binaryen's wasm-opt, playwright-core, axe-core, ical.js,
# pdfjs-dist). Idempotent and quick when all is in place. Run it (`bash scripts/setup.sh`); to get
# the PATH in your own shell afterwards, `source scripts/env.sh`.
set -euo pipefail

# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$WAYPOINT_ROOT"

say() { printf 'setup: %s\n' "$*"; }
die() { printf 'setup: error: %s\n' "$*" >&2; exit 1; }

# --- Versions the build depends on must agree before anything is installed. -----------------
wbg="$WAYPOINT_WASM_BINDGEN_VERSION"
[ -n "$wbg" ] || die "no wasm-bindgen package in Cargo.lock (run \`cargo generate-lockfile\`?)"
pin="$(trunk_tool_pin Trunk.toml wasm_bindgen)"
[ "$pin" = "$wbg" ] ||
  die "Trunk.toml pins wasm_bindgen = \"$pin\" but Cargo.lock has wasm-bindgen $wbg: make them equal"
wasm_opt_major="${WAYPOINT_WASM_OPT_VERSION#version_}"
[[ "$wasm_opt_major" =~ ^[0-9]+$ ]] ||
  die "Trunk.toml must pin [tools] wasm_opt = \"version_N\" (found \"$WAYPOINT_WASM_OPT_VERSION\")"

# `version_of CMD`: the second word of `CMD --version` ("trunk 0.21.14" -> 0.21.14), or nothing.
version_of() {
  command -v "$1" >/dev/null 2>&1 || return 0
  "$1" --version 2>/dev/null | awk 'NR == 1 { print $2 }'
}

# --- Rust: the wasm32 target. ------------------------------------------------------------------
if ! rustup target list --installed | grep -qx 'wasm32-unknown-unknown'; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# --- trunk. -------------------------------------------------------------------------------------
have="$(version_of trunk)"
if [ "$have" != "$WAYPOINT_TRUNK_VERSION" ]; then
  say "installing trunk $WAYPOINT_TRUNK_VERSION (found: ${have:-none}); this compiles for a few minutes"
  cargo install trunk --version "$WAYPOINT_TRUNK_VERSION" --locked
  have="$(version_of trunk)"
  [ "$have" = "$WAYPOINT_TRUNK_VERSION" ] || die "trunk on PATH is ${have:-missing} after installing $WAYPOINT_TRUNK_VERSION"
fi

# --- wasm-bindgen-cli: exactly the crate's version (wasm-bindgen-test-runner comes with it). ----
have="$(version_of wasm-bindgen)"
have_runner="$(version_of wasm-bindgen-test-runner)"
if [ "$have" != "$wbg" ] || [ "$have_runner" != "$wbg" ]; then
  say "installing wasm-bindgen-cli $wbg (found: ${have:-none}); this compiles for a few minutes"
  cargo install wasm-bindgen-cli --version "$wbg"
  have="$(version_of wasm-bindgen)"
  [ "$have" = "$wbg" ] || die "wasm-bindgen on PATH is ${have:-missing} after installing $wbg"
fi

# --- wasm-split-cli (crate wasm_split_cli_support), at the version env.sh names. ----------------
# It has no --version: cargo's list of installed crates says which one is there.
installed_split="$(cargo install --list | awk '$1 == "wasm_split_cli_support" { sub(/^v/, "", $2); sub(/:$/, "", $2); print $2 }')"
if [ "$installed_split" != "$WAYPOINT_WASM_SPLIT_VERSION" ] || ! command -v wasm-split-cli >/dev/null; then
  say "installing wasm-split-cli $WAYPOINT_WASM_SPLIT_VERSION (found: ${installed_split:-none}); this compiles for a minute or two"
  cargo install wasm_split_cli_support --version "$WAYPOINT_WASM_SPLIT_VERSION" --features build-binary --locked
  command -v wasm-split-cli >/dev/null || die "wasm-split-cli is not on PATH after installing it"
fi

# --- Chromium and ChromeDriver from Debian, at one version; faketime for the e2e stage. -------
deb_version() { dpkg-query -W -f='${Version}' "$1" 2>/dev/null || true; }
if [ ! -x "$WAYPOINT_CHROMIUM" ] || [ ! -x "$CHROMEDRIVER" ] ||
  [ "$(deb_version chromium)" != "$(deb_version chromium-driver)" ] || ! command -v faketime >/dev/null; then
  say "installing chromium, chromium-driver and faketime (Debian)"
  export DEBIAN_FRONTEND=noninteractive
  if ! compgen -G '/var/lib/apt/lists/*_Packages' >/dev/null; then
    apt-get update
  fi
  if ! apt-get install -y chromium chromium-driver faketime; then
    # The package lists may be old enough that their files are gone: refresh once and retry.
    apt-get update
    apt-get install -y chromium chromium-driver faketime
  fi
  [ -x "$WAYPOINT_CHROMIUM" ] && [ -x "$CHROMEDRIVER" ] || die "chromium or chromedriver still missing"
  command -v faketime >/dev/null || die "faketime still missing"
fi

# --- The FHIR R4 validator: fhir.resources from PyPI in .venv-fhir (scripts/fhir-validate.py). ----
# 6.4 is the last line whose models are R4 (4.0.1); 6.5 and later model R4B and R5. It needs
# pydantic 1. The venv is this checkout's own, so nothing is installed into the system Python.
fhir_ok() {
  [ -x "$WAYPOINT_FHIR_PYTHON" ] && "$WAYPOINT_FHIR_PYTHON" - "$WAYPOINT_FHIR_RESOURCES_VERSION" "$WAYPOINT_PYDANTIC_VERSION" <<'PY' 2>/dev/null
import sys
import fhir.resources, pydantic
sys.exit(0 if (fhir.resources.__version__, pydantic.VERSION) == (sys.argv[1], sys.argv[2]) and fhir.resources.__fhir_version__ == "4.0.1" else 1)
PY
}
if ! fhir_ok; then
  command -v python3 >/dev/null || die "python3 is not installed (the FHIR validator needs it)"
  say "installing fhir.resources $WAYPOINT_FHIR_RESOURCES_VERSION (FHIR R4) into .venv-fhir"
  rm -rf .venv-fhir
  if ! python3 -m venv .venv-fhir; then
    # Debian's python3 keeps venv's pip bootstrap in a package of its own.
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y python3-venv || { apt-get update && apt-get install -y python3-venv; }
    rm -rf .venv-fhir
    python3 -m venv .venv-fhir
  fi
  .venv-fhir/bin/python -m pip install --quiet --disable-pip-version-check \
    "fhir.resources==$WAYPOINT_FHIR_RESOURCES_VERSION" "pydantic==$WAYPOINT_PYDANTIC_VERSION"
  fhir_ok || die "fhir.resources $WAYPOINT_FHIR_RESOURCES_VERSION is not importable from .venv-fhir after installing it"
fi

# --- Node and the npm dev tools. ----------------------------------------------------------------
command -v node >/dev/null || die "node is not installed (Node.js 20 or newer is needed)"
node_major="$(node -p 'process.versions.node.split(".")[0]')"
[ "$node_major" -ge 20 ] || die "node $(node --version) is too old: Node.js 20 or newer is needed"

if [ -f package-lock.json ]; then
  # The lockfile must not point npm at any host but the configured registry. (This machine's
  # npm config leaves download addresses out of the lockfile altogether, which passes.)
  hosts="$(grep -o '"resolved": *"[a-z+]*://[^/"]*' package-lock.json | sed 's#.*://##' | sort -u || true)"
  if [ -n "$hosts" ]; then
    registry_host="$(npm config get registry 2>/dev/null | sed 's#^[a-z]*://##; s#/.*##')"
    for h in $hosts; do
      [ "$h" = "$registry_host" ] || die "package-lock.json resolves packages from $h, not the registry ($registry_host)"
    done
  fi
  lock_hash="$(cat package.json package-lock.json | sha256sum | cut -d' ' -f1)"
else
  lock_hash="no-lockfile:$(sha256sum package.json | cut -d' ' -f1)"
fi
stamp="node_modules/.waypoint-install-hash"
if [ ! -d node_modules ] || [ "$(cat "$stamp" 2>/dev/null || true)" != "$lock_hash" ]; then
  if [ -f package-lock.json ]; then
    say "npm ci (node_modules missing or older than package-lock.json)"
    npm ci --no-audit --no-fund
  else
    say "npm install (no package-lock.json yet)"
    npm install --no-audit --no-fund
    lock_hash="$(cat package.json package-lock.json | sha256sum | cut -d' ' -f1)"
  fi
  printf '%s\n' "$lock_hash" >"$stamp"
fi

# binaryen's major version is wasm-opt's "version_N": check the installed package, not just
# that a wasm-opt exists (starting the 10 MB JS wasm-opt would cost a second each run).
have="$(node -p 'require("./node_modules/binaryen/package.json").version.split(".")[0]' 2>/dev/null || true)"
[ "$have" = "$wasm_opt_major" ] ||
  die "node_modules has binaryen ${have:-none}, Trunk.toml wants wasm-opt version_$wasm_opt_major: fix package.json"
[ "$(command -v wasm-opt)" = "$WAYPOINT_ROOT/node_modules/.bin/wasm-opt" ] ||
  die "wasm-opt on PATH is $(command -v wasm-opt), not node_modules/.bin/wasm-opt"

say "ok: trunk $WAYPOINT_TRUNK_VERSION, wasm-bindgen $wbg, wasm-split-cli $WAYPOINT_WASM_SPLIT_VERSION, wasm-opt $WAYPOINT_WASM_OPT_VERSION, node $(node --version), $(deb_version chromium | sed 's/^/chromium /'), fhir.resources $WAYPOINT_FHIR_RESOURCES_VERSION"
say "PATH additions (or \`source scripts/env.sh\`):"
printf '  export PATH="%s:%s:$PATH"\n' "$WAYPOINT_ROOT/node_modules/.bin" "$HOME/.cargo/bin"
printf '  export CHROMEDRIVER=%s\n' "$CHROMEDRIVER"
