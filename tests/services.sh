#!/usr/bin/env bash
# Starts the services the tests talk to, when they are not running: the
# machine's PostgreSQL (127.0.0.1:5432, trust auth), for the store's test
# matrix and the fleet test. Idempotent.
set -euo pipefail

if ! pg_isready -q -h 127.0.0.1 -p 5432; then
    cluster=$(ls /etc/postgresql)
    pg_ctlcluster --skip-systemctl-redirect "$cluster" main start
    for _ in $(seq 1 30); do
        pg_isready -q -h 127.0.0.1 -p 5432 && break
        sleep 1
    done
fi
pg_isready -h 127.0.0.1 -p 5432
