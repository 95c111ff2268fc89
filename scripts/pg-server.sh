#!/usr/bin/env bash
# Starts a throw-away PostgreSQL server on 127.0.0.1 for tests and benchmarks.
#   scripts/pg-server.sh start DIR PORT   → initdb in DIR (if needed), start, create database "bazaar"
#   scripts/pg-server.sh stop DIR
# Runs the server as the "postgres" user when invoked as root (initdb refuses root).
set -euo pipefail
cmd=${1:?start|stop}
dir=${2:?data directory}
port=${3:-54329}

pgbin=""
for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do pgbin=$d; break; done
if [ -z "$pgbin" ] && [ "$cmd" = start ]; then
  echo "PostgreSQL binaries not found; installing the Debian package" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  for d in $(ls -d /usr/lib/postgresql/*/bin | sort -V -r); do pgbin=$d; break; done
fi

as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$cmd" in
  start)
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    if [ ! -f "$dir/PG_VERSION" ]; then
      as_pg "$pgbin/initdb" -D "$dir" -A trust -U postgres -E UTF8 >/dev/null
    fi
    as_pg "$pgbin/pg_ctl" -D "$dir" -l "$dir/server.log" -w \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
    as_pg "$pgbin/psql" -h 127.0.0.1 -p "$port" -U postgres -tAc "select 1 from pg_database where datname='bazaar'" | grep -q 1 ||
      as_pg "$pgbin/createdb" -h 127.0.0.1 -p "$port" -U postgres bazaar
    echo "postgres://postgres@127.0.0.1:$port/bazaar"
    ;;
  stop)
    [ -f "$dir/postmaster.pid" ] && as_pg "$pgbin/pg_ctl" -D "$dir" -m fast -w stop >/dev/null || true
    ;;
  *) echo "usage: $0 start|stop DIR [PORT]" >&2; exit 2 ;;
esac
