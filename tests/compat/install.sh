#!/usr/bin/env bash
# Installs the real clients the API tests drive: the Judge0 Python SDK (PyPI
# judge0) and schemathesis (OpenAPI conformance) in a virtualenv, and npm
# piston-client.
# Idempotent: what is installed at the pinned version is left alone.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dir=${JUDGE_COMPAT_DIR:-/opt/judge/compat}
mkdir -p "$dir"
if ! "$dir/venv/bin/python" -c 'import importlib.metadata as m; assert m.version("judge0") == "0.0.8" and m.version("schemathesis") == "4.32.5"' 2>/dev/null; then
    python3 -m venv "$dir/venv"
    "$dir/venv/bin/pip" install --quiet --disable-pip-version-check judge0==0.0.8 schemathesis==4.32.5
fi
if ! grep -q '"version": "1.0.2"' "$dir/node_modules/piston-client/package.json" 2>/dev/null; then
    npm install --silent --no-audit --no-fund --prefix "$dir" piston-client@1.0.2
fi
# Node resolves packages from the script's folder up: point it at the install.
ln -sfn "$dir/node_modules" "$here/node_modules"
