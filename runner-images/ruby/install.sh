#!/usr/bin/env bash
# Ruby: CRuby's official wasm32-wasi build with its standard library, from the
# npm package @ruby/3.4-wasm-wasi (dist/ruby+stdlib.wasm). It is a reactor, not
# a command; the sandbox drives it through its Ruby adapter. Idempotent.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"
images=${JUDGE_IMAGES:-/opt/judge/runner-images}
prefix=$images/ruby
package_version=2.10.1
# The CRuby release inside that package (its RUBY_VERSION; a test checks it).
ruby_version=3.4.1
version="Ruby $ruby_version (ruby.wasm $package_version, wasm32-wasi)"
fix_times_on_exit() { [ -d "$prefix" ] && fix_times "$prefix"; }
trap fix_times_on_exit EXIT
if [ -f "$prefix/ruby.wasm" ] && [ "$(cat "$prefix/VERSION" 2>/dev/null)" = "$version" ]; then
    echo "$version"
    exit 0
fi

command -v npm >/dev/null || apt_install npm
build=$(mktemp -d)
trap 'rm -rf "$build"; fix_times_on_exit' EXIT
(cd "$build" && npm pack --silent "@ruby/3.4-wasm-wasi@$package_version" >/dev/null)
tar -xzf "$build"/ruby-3.4-wasm-wasi-"$package_version".tgz -C "$build" package/dist/ruby+stdlib.wasm
mkdir -p "$prefix"
install -m 0644 "$build/package/dist/ruby+stdlib.wasm" "$prefix/ruby.wasm"
echo "$version" > "$prefix/VERSION"
echo "$version"
