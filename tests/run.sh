#!/usr/bin/env bash
# Installs everything the tests need on a fresh Debian machine, starts a throwaway PostgreSQL
# on loopback for the room store's tests (stopped again at the end, also on failure), then runs
# the whole suite.
# Usage: bash tests/run.sh [pytest arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
source tests/pg.sh
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
pg_bindir >/dev/null || need+=(postgresql)
if [ "${#need[@]}" -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  if [[ " ${need[*]} " == *" postgresql "* ]]; then
    # Debian's package would create and start a default cluster on port 5432; the tests start
    # their own throwaway one instead.
    $SUDO mkdir -p /etc/postgresql-common/createcluster.d
    echo "create_main_cluster = false" | $SUDO tee /etc/postgresql-common/createcluster.d/sim287g.conf >/dev/null
  fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
python3 -m pip install -q --disable-pip-version-check -r requirements-dev.txt
if [ -z "${SIM287G_TEST_PG_URL:-}" ]; then
  trap pg_stop EXIT
  trap 'exit 130' INT TERM
  # a failure here leaves the URL unset: the PostgreSQL tests then fail under CI (skip locally)
  pg_start || echo "tests/run.sh: PostgreSQL could not be started (see above)" >&2
fi
python3 -m pytest "$@"
