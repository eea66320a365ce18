#!/bin/sh
# What the browser tests need, idempotently: Debian's chromium (driven by
# npm playwright-core; its own browser download cannot work here) and the
# web app's npm packages (esbuild to check the committed bundle,
# playwright-core and axe-core for the tests).
set -eu
here=$(cd "$(dirname "$0")/../.." && pwd)
missing=""
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
command -v npm >/dev/null 2>&1 || missing="$missing nodejs npm"
if [ -n "$missing" ]; then
    apt-get update -q >/dev/null
    # shellcheck disable=SC2086 # a list of package names
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q $missing >/dev/null
fi
web="$here/web"
if [ ! -f "$web/node_modules/.package-lock.json" ] || [ "$web/package-lock.json" -nt "$web/node_modules/.package-lock.json" ]; then
    (cd "$web" && npm ci --silent --no-audit --no-fund)
fi
