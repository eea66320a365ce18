#!/usr/bin/env bash
# The project's test command (README: "Pass the tests"), also what CI runs.
# Installs what the tests need, then: formatting, lints, docs, every test.
set -euo pipefail
cd "$(dirname "$0")/.."

runner-images/install.sh
ops/install.sh
tests/compat/install.sh
tests/web/install.sh
tests/services.sh
cargo fmt --all --check
cargo clippy --workspace --all-targets --locked -- -D warnings
# Every doc, private items too: the code is meant to be read.
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --locked --quiet --document-private-items
# The web app type-checks, and its committed bundle is what its sources build to.
web/node_modules/.bin/tsc -p web
node web/build.mjs --check
promtool check config ops/prometheus/prometheus.yml
promtool check rules ops/prometheus/rules/*.yml
promtool test rules ops/prometheus/tests/*.yml
# The library face: the examples the README's "Embed it" section shows.
cargo run --locked --quiet --example judge_a_problem
cargo run --locked --quiet --example run_a_snippet
cargo run --locked --quiet --example run_with_limits
cargo test --workspace --locked
# The test matrix's second leg: the store's and the queue's tests again, on
# PostgreSQL (a fresh database per test). Left out: the faults of SQLite's
# own file (a locked or full database file), and a webhook cut short by a
# kill, which the embedded store sends again at restart and a shared one
# only after its claim lapses (minutes, in a test).
export TEST_POSTGRES_SERVER=postgres://postgres@127.0.0.1:5432
cargo test -p judge --locked --lib store::
cargo test -p judge --locked --test api -- \
    --skip faults::a_database_locked --skip faults::a_full_disk --skip faults::a_kill_during_a_webhook_delivery
unset TEST_POSTGRES_SERVER
# The web app in a real browser, against the judge the tests built.
node tests/web/browser.mjs target/debug/judge
