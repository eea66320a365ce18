#!/usr/bin/env bash
# Zig: the Zig toolchain from the PyPI wheel ziglang (a static `zig` binary and
# its lib/), with a global cache pre-warmed by compiling warm.zig the way the
# judge compiles. Each compile copies that cache into the jail's /tmp, because
# Zig needs it writable. Idempotent.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"
images=${JUDGE_IMAGES:-/opt/judge/runner-images}
prefix=$images/zig
version=0.17.1

if [ -x "$prefix/zig/zig" ] && [ -d "$prefix/zigcache" ] && [ -f "$prefix/VERSION" ] \
    && grep -qx "zig $version" "$prefix/VERSION"; then
    cat "$prefix/VERSION"
    exit 0
fi

build=$(mktemp -d)
trap 'rm -rf "$build"' EXIT
python3 -m pip install --quiet --disable-pip-version-check --no-deps --target "$build/pkg" "ziglang==$version"
rm -rf "$prefix/zig" "$prefix/zigcache"
mkdir -p "$prefix"
mv "$build/pkg/ziglang" "$prefix/zig"
rm -rf "$prefix/zig/__pycache__" "$prefix/zig/__init__.py" "$prefix/zig/__main__.py"
chmod +x "$prefix/zig/zig"

# The same flags as the manifest's compile command, so the cached compiler_rt
# and standard-library objects are the ones every compile reuses.
cp "$here/warm.zig" "$build/main.zig"
"$prefix/zig/zig" build-exe -target wasm32-wasi -O ReleaseSafe -fstrip --stack 67108864 \
    --global-cache-dir "$prefix/zigcache" --cache-dir "$build/cache" \
    -femit-bin="$build/warm.wasm" "$build/main.zig"
chmod -R a+rX "$prefix"
echo "zig $("$prefix/zig/zig" version)" > "$prefix/VERSION"
cat "$prefix/VERSION"
