#!/usr/bin/env bash
# C to wasm32-wasi: Debian's clang-19, lld-19 and wasi-libc. Idempotent.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"
prefix=${JUDGE_IMAGES:-/opt/judge/runner-images}/c
apt_install clang-19 lld-19 wasi-libc libclang-rt-19-dev-wasm32
wasi_sysroot "$prefix/sysroot"
clang-19 --version | head -n 1
