#!/usr/bin/env bash
# C to wasm32-wasi: Debian's clang-19, lld-19 and wasi-libc. Idempotent.
set -euo pipefail
packages=(clang-19 lld-19 wasi-libc libclang-rt-19-dev-wasm32)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "runner-images/c: needs root to install: ${missing[*]}" >&2
        exit 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    # A fresh machine has no package lists yet; refresh them only when an install is needed.
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
clang-19 --version | head -n 1
