#!/usr/bin/env bash
# Builds the release app and serves it: http://127.0.0.1:8080 (PORT=N to change the port), with
# the build's Content-Security-Policy as a response header too (--csp: the policy in dist's
# index.html <meta>, plus frame-ancestors). Extra arguments go to the static server.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
# shellcheck source=scripts/env.sh
source scripts/env.sh

trunk build --release --offline
exec node scripts/static-server.mjs dist --csp --port "${PORT:-8080}" "$@"
