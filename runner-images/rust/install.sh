#!/usr/bin/env bash
# Rust: Debian's rustc-web, with a wasm32-wasip1 standard library built once
# from Debian's rust-web-src (-Zbuild-std; rustup's toolchain has no wasm
# target and cannot fetch one here). Idempotent; the std build takes ~2 minutes.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"
images=${JUDGE_IMAGES:-/opt/judge/runner-images}
prefix=$images/rust

"$here/../c/install.sh" >/dev/null
apt_install rustc-web cargo-web rust-web-src
version="$(/usr/bin/rustc --version) wasm32-wasip1"
if [ -d "$prefix/sysroot/lib/rustlib/wasm32-wasip1/lib" ] && [ "$(cat "$prefix/VERSION" 2>/dev/null)" = "$version" ]; then
    echo "$version"
    exit 0
fi

build=$(mktemp -d)
trap 'rm -rf "$build"' EXIT
export PATH=/usr/bin:$PATH CARGO_HOME=$build/cargo-home RUSTC_BOOTSTRAP=1 CARGO_TARGET_DIR=$build/target
export RUSTFLAGS="-C link-self-contained=no -C link-arg=/usr/lib/wasm32-wasi/crt1-command.o -L native=/usr/lib/wasm32-wasi"
mkdir -p "$build/stdbuild/src"
printf '[package]\nname = "stdbuild"\nversion = "0.0.0"\nedition = "2021"\n' > "$build/stdbuild/Cargo.toml"
echo 'fn main() {}' > "$build/stdbuild/src/main.rs"
(cd "$build/stdbuild" && /usr/bin/cargo build --quiet --release -Zbuild-std=std,panic_abort \
    --target wasm32-wasip1 --config 'target.wasm32-wasip1.linker="wasm-ld-19"')

staging=$build/sysroot
lib=$staging/lib/rustlib/wasm32-wasip1/lib
mkdir -p "$lib/self-contained"
find "$CARGO_TARGET_DIR/wasm32-wasip1/release/deps" -name '*.rlib' ! -name 'libstdbuild*' -exec cp {} "$lib/" \;
cp /usr/lib/wasm32-wasi/crt1-command.o /usr/lib/wasm32-wasi/crt1-reactor.o /usr/lib/wasm32-wasi/libc.a "$lib/self-contained/"
rm -rf "$prefix/sysroot"
mkdir -p "$prefix"
cp -r "$staging" "$prefix/sysroot"
echo "$version" > "$prefix/VERSION"
echo "$version"
