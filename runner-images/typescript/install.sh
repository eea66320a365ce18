#!/usr/bin/env bash
# TypeScript: esbuild (npm) strips the types in the contained compile step;
# with strict checking, tsc (npm typescript, on the host's Node.js) checks them
# first. The JavaScript image's QuickJS runs the result, with its prelude.
# Idempotent.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"
images=${JUDGE_IMAGES:-/opt/judge/runner-images}
prefix=$images/typescript
typescript=5.9.3
esbuild=0.25.11
types_node=22.20.7

"$here/../javascript/install.sh" >/dev/null
command -v npm >/dev/null 2>&1 || apt_install nodejs npm
mkdir -p "$prefix"
fix_times_on_exit() { [ -d "$prefix" ] && fix_times "$prefix"; }
trap fix_times_on_exit EXIT
install -m 0644 "$images/javascript/qjs.wasm" "$prefix/qjs.wasm"
install -m 0644 "$here/../javascript/prelude.js" "$prefix/prelude.js"
version="TypeScript $typescript · esbuild $esbuild · $(cat "$images/javascript/VERSION")"
if [ -x "$prefix/node_modules/@esbuild/linux-x64/bin/esbuild" ] &&
    [ "$(cat "$prefix/VERSION" 2>/dev/null)" = "$version" ]; then
    echo "$version"
    exit 0
fi
printf '{ "private": true }\n' > "$prefix/package.json"
npm install --prefix "$prefix" --no-audit --no-fund --silent --save-exact \
    "typescript@$typescript" "esbuild@$esbuild" "@types/node@$types_node"
echo "$version" > "$prefix/VERSION"
echo "$version"
