#!/usr/bin/env bash
# Python: CPython 3.11 built for wasm32-wasi from Debian's own source package,
# with the C image's clang-19, and its standard library as a stored zip.
# Its `main` is judge_main.c: CPython's own, plus the export the judge
# snapshots the started interpreter with (see that file); finalize.patch ends
# Py_FinalizeEx once atexit has run and the output is flushed.
# Idempotent; the first build takes about five minutes on two cores.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"
images=${JUDGE_IMAGES:-/opt/judge/runner-images}
prefix=$images/python

"$here/../c/install.sh" >/dev/null
# python3.11 is the build Python (same 3.11 bytecode as the target); zip packs the stdlib.
apt_install llvm-19 python3.11 zip patch
version="CPython $(/usr/bin/python3.11 -c 'import platform; print(platform.python_version())') (wasm32-wasi)"
main_digest=$(cat "$here/judge_main.c" "$here/finalize.patch" | sha256sum | cut -d' ' -f1)
fix_times_on_exit() { [ -d "$prefix" ] && fix_times "$prefix"; }
trap fix_times_on_exit EXIT
if [ -f "$prefix/python.wasm" ] && [ "$(cat "$prefix/VERSION" 2>/dev/null)" = "$version" ] \
    && [ "$(cat "$prefix/MAIN" 2>/dev/null)" = "$main_digest" ]; then
    echo "$version"
    exit 0
fi

debian_sources

build=$(mktemp -d)
trap 'rm -rf "$build"; fix_times_on_exit' EXIT
cd "$build"
# Only the upstream tarball is needed; a missing Debian patch file for the
# newest security revision must not fail the download of the rest.
apt-get source --download-only python3.11 >/dev/null 2>&1 || true
ls python3.11_*.orig.tar.gz >/dev/null 2>&1 || { echo "runner-images/python: cannot fetch the python3.11 source" >&2; exit 1; }
tar xzf python3.11_*.orig.tar.gz
src=$(echo "$build"/Python-3.11*)
cp "$here/judge_main.c" "$src/Programs/python.c"
patch -s -p1 -d "$src" < "$here/finalize.patch"
sysroot=$images/c/sysroot
mkdir -p "$src/builddir/wasi"
cd "$src/builddir/wasi"
export CC="clang-19 --target=wasm32-wasi --sysroot=$sysroot" CPP="clang-19 --target=wasm32-wasi --sysroot=$sysroot -E" \
       CXX="clang++-19 --target=wasm32-wasi --sysroot=$sysroot" AR=llvm-ar-19 RANLIB=llvm-ranlib-19 \
       PKG_CONFIG_PATH="" PKG_CONFIG_LIBDIR=/nonexistent \
       CFLAGS="-Wno-error=int-conversion -Wno-error=incompatible-function-pointer-types" \
       LDFLAGS="-Wl,-z,stack-size=8388608"
CONFIG_SITE=../../Tools/wasm/config.site-wasm32-wasi ../../configure -C \
    --host=wasm32-unknown-wasi --build=x86_64-pc-linux-gnu --with-build-python=/usr/bin/python3.11 \
    > configure.log 2>&1 || { tail -30 configure.log; exit 1; }
make -j"$(nproc)" OPT="-DNDEBUG -g0 -fwrapv -O2 -Wall" > make.log 2>&1 || { tail -30 make.log; exit 1; }

# The standard library as precompiled .pyc in a stored zip (this build has no zlib),
# found through PYTHONHOME=/image at /image/lib/python311.zip.
stage=$build/stage
mkdir -p "$stage"
(cd "$src/Lib" && tar cf - --exclude=test --exclude=idlelib --exclude=tkinter --exclude=turtledemo \
    --exclude=ensurepip --exclude=tests --exclude=__pycache__ --exclude=venv --exclude=distutils \
    --exclude=pydoc_data .) | (cd "$stage" && tar xf -)
cp build/lib.wasi-wasm32-3.11/_sysconfigdata__wasi_wasm32-wasi.py "$stage/"
/usr/bin/python3.11 -m compileall -q -b "$stage" >/dev/null || true
find "$stage" -name '*.py' -delete
mkdir -p "$prefix/lib"
rm -f "$build/python311.zip"
(cd "$stage" && zip -q -r -0 "$build/python311.zip" .)
llvm-strip-19 -o "$build/python.wasm" python.wasm
install -m 0644 "$build/python311.zip" "$prefix/lib/python311.zip"
install -m 0644 "$build/python.wasm" "$prefix/python.wasm"
echo "$version" > "$prefix/VERSION"
echo "$main_digest" > "$prefix/MAIN"
echo "$version"
