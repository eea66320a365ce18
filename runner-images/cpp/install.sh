#!/usr/bin/env bash
# C++ to wasm32-wasi: the C image plus Debian's libc++ for wasm32, and a
# <bits/stdc++.h> (libc++ has none; competitive solutions expect it), and an
# <fstream> that makes libc++'s file streams usable (see include/fstream). Idempotent.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"
prefix=${JUDGE_IMAGES:-/opt/judge/runner-images}/cpp
apt_install clang-19 lld-19 wasi-libc libclang-rt-19-dev-wasm32 libc++-19-dev-wasm32 libc++abi-19-dev-wasm32
wasi_sysroot "$prefix/sysroot"
mkdir -p "$prefix/include/bits"
install -m 0644 "$here/include/bits/stdc++.h" "$prefix/include/bits/stdc++.h"
install -m 0644 "$here/include/fstream" "$prefix/include/fstream"
clang++-19 --version | head -n 1
