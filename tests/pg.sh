# Sourced by tests/run.sh: a throwaway PostgreSQL cluster for the room store's tests.
#
# pg_start: initdb into a temporary folder, start the server on 127.0.0.1 on a free port (its
# socket in the same folder, trust authentication: nothing but loopback can reach it, and it
# lives for one test run), and export SIM287G_TEST_PG_URL. PostgreSQL refuses to run as root,
# so as root the cluster belongs to the `postgres` user (created by Debian's package).
# pg_stop: stop the server and delete the folder (run from an EXIT trap, also on failure).

pg_bindir() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$d" ] && [ -x "$d/initdb" ] && echo "$d"
}

_pg_as() {  # run a command as the cluster's owner
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_start() {
  local bin port
  bin=$(pg_bindir) || { echo "tests/pg.sh: PostgreSQL binaries not found" >&2; return 1; }
  PG_BIN=$bin
  if [ "$(id -u)" -eq 0 ] && [ -c /dev/null ] && ! runuser -u postgres -- sh -c ': >/dev/null' 2>/dev/null; then
    # initdb and the server write to /dev/null as the `postgres` user; on a machine where its
    # mode was changed (seen here: 0644), give it back its standard mode.
    echo "tests/pg.sh: /dev/null was not writable by other users (mode $(stat -c %a /dev/null)); restoring 0666" >&2
    chmod 0666 /dev/null
  fi
  PG_TMP=$(mktemp -d /tmp/sim287g-pg.XXXXXX)
  [ "$(id -u)" -eq 0 ] && chown postgres: "$PG_TMP"
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  _pg_as "$bin/initdb" -D "$PG_TMP/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$PG_TMP/initdb.log" 2>&1 \
    || { cat "$PG_TMP/initdb.log" >&2; return 1; }
  _pg_as "$bin/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/server.log" -w -t 60 start \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $PG_TMP -c fsync=off -c max_connections=50" >/dev/null \
    || { cat "$PG_TMP/server.log" >&2; return 1; }
  export SIM287G_TEST_PG_URL="postgresql://postgres@127.0.0.1:$port/postgres"
  echo "tests/pg.sh: $("$bin/postgres" -V) on 127.0.0.1:$port"
}

pg_stop() {
  if [ -n "${PG_TMP:-}" ] && [ -d "$PG_TMP" ]; then
    [ -n "${PG_BIN:-}" ] && [ -d "$PG_TMP/data" ] && _pg_as "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$PG_TMP"
  fi
  PG_TMP=""
}
