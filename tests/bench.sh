#!/usr/bin/env bash
# The benchmark suite (README: "Benchmarks"; results recorded in BENCHMARKS.md).
# Every figure is a ratio against a baseline measured side by side in the same
# run, since this machine is shared and noisy. Release builds; about 15 minutes
# after the first build.
set -euo pipefail
cd "$(dirname "$0")/.."

runner-images/install.sh
# The load generator for the API's latency: a process of its own, at fixed rates.
[ -x target/tools/bin/oha ] || cargo install --quiet --locked --root target/tools oha

echo "# $(date -u '+%F %H:%M UTC'), $(nproc) cores,$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2)"
echo "## 1. per-test cost, C a+b"
cargo bench --locked --quiet -p sandbox --bench per_test
echo "## 2. per-test cost, a+b in every language"
cargo bench --locked --quiet -p judge --bench languages
echo "## 3. CPU kernels"
cargo bench --locked --quiet -p sandbox --bench kernels
cargo bench --locked --quiet -p judge --bench python_kernels
echo "## 4 and 5. the service: throughput, API latency"
cargo bench --locked --quiet -p judge --bench service
echo "## 6. determinism under load"
cargo bench --locked --quiet -p sandbox --bench determinism
