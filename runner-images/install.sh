#!/usr/bin/env bash
# Installs every runner image's toolchain. Idempotent: an image whose toolchain is
# already present costs a few dpkg look-ups and nothing else.
#
# usage: runner-images/install.sh [IMAGE...]     (default: every image with an install.sh)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
images=("$@")
if [ ${#images[@]} -eq 0 ]; then
    for script in "$here"/*/install.sh; do images+=("$(basename "$(dirname "$script")")"); done
fi
for image in "${images[@]}"; do
    script="$here/$image/install.sh"
    [ -x "$script" ] || { echo "runner-images: no image named '$image'" >&2; exit 2; }
    echo "runner-images: $image"
    "$script"
done
