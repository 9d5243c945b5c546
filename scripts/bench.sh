#!/usr/bin/env bash
# Waypoint's benchmarks: the README's benchmark command. They print figures and assert nothing
# about time; this is not part of scripts/test.sh.
#
#   1. setup (idempotent), then the release build of the app and of the bare Leptos counter;
#   2. bundle sizes and their ratio to the counter      (scripts/bench-bundle.mjs, budget and ratchet);
#   3. native storage figures, 3 and 3,000 entries      (cargo bench --bench storage);
#   4. a phone's first load, storage at scale in Chromium and the quota (scripts/bench-load.mjs);
#   5. the key derivation of a locked backup, 600,000 PBKDF2 iterations (scripts/bench-kdf.mjs).
#
# usage: bash scripts/bench.sh [bench-load options, e.g. --runs 3 or --no-gzip]
# Takes about five minutes when the builds are fresh; the browser part about three.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/env.sh
source scripts/env.sh

heading() { printf '\n===== %s =====\n\n' "$*"; }

heading "Setup (scripts/setup.sh)"
bash scripts/setup.sh

heading "Build: Waypoint, release (trunk build --release --offline)"
trunk build --release --offline

heading "Build: the bare Leptos counter (scripts/bench-counter.sh)"
bash scripts/bench-counter.sh

heading "Bundle: what a first visit downloads (scripts/bench-bundle.mjs, against the budget and the ratchet)"
node scripts/bench-bundle.mjs --ceiling-kb bench/bundle-ceiling-kb

heading "Storage, native (cargo bench --bench storage)"
cargo bench --bench storage

heading "Phone: first load, storage at scale, quota (scripts/bench-load.mjs)"
node scripts/bench-load.mjs "$@"

heading "Phone: the key derivation of a locked backup (scripts/bench-kdf.mjs)"
node scripts/bench-kdf.mjs
