#!/usr/bin/env bash
# A throwaway PostgreSQL for the tests, on loopback only.
#   scripts/postgres.sh start DIR   -> installs the server if missing (Debian package),
#                                      initdb + start on a free 127.0.0.1 port,
#                                      writes the URL to DIR/url
#   scripts/postgres.sh stop DIR    -> stops it and removes DIR
set -euo pipefail
cmd=${1:?start|stop}; dir=${2:?directory}

pgbin() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1 || true)
  if [ -z "$d" ] || [ ! -x "$d/initdb" ]; then
    local sudo=""
    [ "$(id -u)" = 0 ] || sudo=sudo
    echo "postgres.sh: installing the postgresql Debian package" >&2
    $sudo apt-get install -y -q postgresql >/dev/null 2>&1 \
      || { $sudo apt-get update -q >/dev/null && $sudo apt-get install -y -q postgresql >/dev/null; }
    d=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)
  fi
  echo "$d"
}

# PostgreSQL refuses to run as root: use the postgres account then.
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$cmd" in
start)
  bin=$(pgbin)
  mkdir -p "$dir"
  [ "$(id -u)" = 0 ] && chown postgres "$dir"
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  as_owner "$bin/initdb" -D "$dir/data" -U tuneforge --auth=trust -E UTF8 >"$dir/initdb.log" 2>&1
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=200 -c fsync=off" >/dev/null
  as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U tuneforge tuneforge
  echo "postgresql+psycopg://tuneforge@127.0.0.1:$port/tuneforge" >"$dir/url"
  echo "postgres.sh: PostgreSQL on 127.0.0.1:$port" >&2
  ;;
stop)
  if [ -d "$dir/data" ]; then
    bin=$(pgbin)
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
  ;;
*) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
