# Helpers sourced by the install scripts.

# apt_install PACKAGE...: installs the Debian packages not installed yet.
apt_install() {
    local missing=() p
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" -ne 0 ]; then
        echo "runner-images: needs root to install: ${missing[*]}" >&2
        return 1
    fi
    # A fresh machine has no package lists yet; refresh them only when an install is needed.
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# wasi_sysroot DIR: a clang sysroot that sees only wasi-libc (and libc++ when installed),
# so that the host's /usr/include never leaks into a wasm build.
wasi_sysroot() {
    mkdir -p "$1/include" "$1/lib"
    ln -sfn /usr/include/wasm32-wasi "$1/include/wasm32-wasi"
    ln -sfn /usr/lib/wasm32-wasi "$1/lib/wasm32-wasi"
}

# fix_times DIR: gives every file under DIR the same times the judge gives a
# submission's source (mtime 2024-01-01, atime 2100-01-01), so that what a
# guest can stat is identical on every machine and every run.
fix_times() {
    find "$1" -exec touch -h -m -d @1704067200 {} + -exec touch -h -a -d @4102444800 {} +
}

# debian_sources: makes Debian's source packages fetchable (`apt-get source`)
# by adding a deb-src twin of the machine's own Debian sources.
debian_sources() {
    grep -rqs "deb-src" /etc/apt/sources.list /etc/apt/sources.list.d/ && return 0
    if [ "$(id -u)" -ne 0 ]; then
        echo "runner-images: needs root to add deb-src sources" >&2
        return 1
    fi
    sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources \
        > /etc/apt/sources.list.d/judge-debian-src.sources
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
}
