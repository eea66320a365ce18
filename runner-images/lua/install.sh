#!/usr/bin/env bash
# Lua: the interpreter from Debian's lua5.4 source package, compiled to
# wasm32-wasi with the Zig image's `zig cc`. Lua's errors (error/pcall) use
# setjmp/longjmp, which become wasm exception handling here, so pcall works.
# Idempotent.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"
images=${JUDGE_IMAGES:-/opt/judge/runner-images}
prefix=$images/lua

"$here/../zig/install.sh" >/dev/null
zig=$images/zig/zig/zig
debian_sources
fix_times_on_exit() { [ -d "$prefix" ] && fix_times "$prefix"; }
trap fix_times_on_exit EXIT

build=$(mktemp -d)
trap 'rm -rf "$build"; fix_times_on_exit' EXIT
cd "$build"
# The version is the source package's: read it before deciding anything.
source_version=$(apt-cache showsrc lua5.4 | sed -n 's/^Version: //p' | sort -V | tail -1)
version="Lua ${source_version%%-*} (wasm32-wasi)"
if [ -f "$prefix/lua.wasm" ] && [ "$(cat "$prefix/VERSION" 2>/dev/null)" = "$version" ]; then
    echo "$version"
    exit 0
fi
apt-get source --download-only lua5.4 >/dev/null 2>&1 || true
ls lua5.4_*.orig.tar.gz >/dev/null 2>&1 || { echo "runner-images/lua: cannot fetch the lua5.4 source" >&2; exit 1; }
tar xzf lua5.4_*.orig.tar.gz

# WASI has no processes and no tmpnam: os.execute and io.popen report failure,
# io.tmpfile fails with ENOTSUP. The tag below is the one wasi-libc's setjmp
# support throws.
cat > shim.h <<'H'
#include <string.h>
#define LUA_TMPNAMBUFSIZE 32
#define lua_tmpnam(b,e) { strcpy(b, "/tmp/lua_XXXXXX"); e = -1; }
H
cat > stubs.c <<'C'
#include <stdio.h>
#include <errno.h>
int system(const char *cmd) { return cmd ? -1 : 0; }
FILE *tmpfile(void) { errno = ENOTSUP; return 0; }
__asm__(".globl __c_longjmp\n.tagtype __c_longjmp i32\n__c_longjmp:\n");
C
cd lua-5.4*/src
sources=$(ls ./*.c | grep -v '/luac\.c$')
# shellcheck disable=SC2086
"$zig" cc -target wasm32-wasi -O2 -s -mllvm -wasm-enable-sjlj -mllvm -wasm-use-legacy-eh=false \
    -mexception-handling -Wl,-z,stack-size=8388608 \
    -D_WASI_EMULATED_SIGNAL -D_WASI_EMULATED_PROCESS_CLOCKS -include "$build/shim.h" \
    -o "$build/lua.wasm" $sources "$build/stubs.c" \
    -lwasi-emulated-signal -lwasi-emulated-process-clocks -lsetjmp
mkdir -p "$prefix"
install -m 0644 "$build/lua.wasm" "$prefix/lua.wasm"
echo "$version" > "$prefix/VERSION"
echo "$version"
