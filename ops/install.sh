#!/usr/bin/env bash
# Installs what the ops tests need: Debian's prometheus package (the server and
# promtool). Idempotent: an installed package costs one look-up.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../runner-images/lib.sh"
apt_install prometheus
