#!/usr/bin/env bash
# JavaScript: QuickJS-NG's qjs, built for wasm32-wasi with the C image's clang
# from the C source inside the crates.io crate rquickjs-sys, its `main` wrapped
# by judge_qjs.c (the export the judge snapshots the started engine with).
# Idempotent.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"
images=${JUDGE_IMAGES:-/opt/judge/runner-images}
prefix=$images/javascript
version="QuickJS-NG 0.16.2"
crate=rquickjs-sys
crate_version=0.14.0

"$here/../c/install.sh" >/dev/null
mkdir -p "$prefix"
install -m 0644 "$here/prelude.js" "$prefix/prelude.js"
main_digest=$(sha256sum "$here/judge_qjs.c" | cut -d' ' -f1)
fix_times_on_exit() { [ -d "$prefix" ] && fix_times "$prefix"; }
trap fix_times_on_exit EXIT
if [ -f "$prefix/qjs.wasm" ] && [ "$(cat "$prefix/VERSION" 2>/dev/null)" = "$version" ] \
    && [ "$(cat "$prefix/MAIN" 2>/dev/null)" = "$main_digest" ]; then
    echo "$version"
    exit 0
fi

build=$(mktemp -d)
trap 'rm -rf "$build"; fix_times_on_exit' EXIT
# Fetch the crate's source through cargo (crates.io), without building it.
mkdir -p "$build/fetch/src"
printf '[package]\nname = "fetch"\nversion = "0.0.0"\nedition = "2021"\n[dependencies]\n%s = "=%s"\n' \
    "$crate" "$crate_version" > "$build/fetch/Cargo.toml"
touch "$build/fetch/src/lib.rs"
CARGO_HOME=$build/cargo cargo fetch --quiet --manifest-path "$build/fetch/Cargo.toml"
q=$(echo "$build"/cargo/registry/src/*/"$crate-$crate_version"/quickjs)
clang-19 --target=wasm32-wasi --sysroot="$images/c/sysroot" -O2 -s -w \
    -D_GNU_SOURCE -D_WASI_EMULATED_PROCESS_CLOCKS -D_WASI_EMULATED_SIGNAL -I"$q" \
    -o "$build/qjs.wasm" "$here/judge_qjs.c" "$q"/quickjs.c "$q"/libregexp.c "$q"/libunicode.c \
    "$q"/quickjs-libc.c "$q"/dtoa.c "$q"/gen/repl.c "$q"/gen/standalone.c \
    -lwasi-emulated-process-clocks -lwasi-emulated-signal -Wl,-z,stack-size=8388608
install -m 0644 "$build/qjs.wasm" "$prefix/qjs.wasm"
echo "$version" > "$prefix/VERSION"
echo "$main_digest" > "$prefix/MAIN"
echo "$version"
