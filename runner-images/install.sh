#!/usr/bin/env bash
# Installs every runner image's toolchain, and bubblewrap, which contains every
# compile. Idempotent: what is already installed costs a few look-ups.
#
# usage: runner-images/install.sh [IMAGE...]     (default: every image with an install.sh)
# Images install into $JUDGE_IMAGES (default /opt/judge/runner-images), where the judge looks.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
export JUDGE_IMAGES=${JUDGE_IMAGES:-/opt/judge/runner-images}
. "$here/lib.sh"

apt_install bubblewrap
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
