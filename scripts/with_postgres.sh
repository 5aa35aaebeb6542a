#!/usr/bin/env bash
# Run a command with a throwaway PostgreSQL server on a free loopback port, then stop and delete it.
#
#   scripts/with_postgres.sh COMMAND [ARGS...]
#
# The command sees DBT_PG_HOST, DBT_PG_PORT, DBT_PG_USER and DBT_PG_DATABASE pointing at the server
# (the variables profiles.yml's postgres target reads). The server runs as the `postgres` user when
# this script runs as root (PostgreSQL refuses to run as root), from PG_BIN (default: the directory
# of `initdb` on PATH, else /usr/local/bin). Without PostgreSQL binaries the command runs without a
# server (the PostgreSQL tests skip, or fail under CI=true), after a warning.
set -euo pipefail

pg_bin=${PG_BIN:-$(dirname "$(command -v initdb 2>/dev/null || echo /usr/local/bin/initdb)")}
if [[ ! -x "$pg_bin/initdb" || ! -x "$pg_bin/pg_ctl" ]]; then
    echo "with_postgres: no initdb/pg_ctl in $pg_bin; running without PostgreSQL" >&2
    exec "$@"
fi

dir=$(mktemp -d /tmp/support_truth_pg.XXXXXX)
chmod 755 "$dir"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

as_server_user() {
    if [[ $(id -u) == 0 ]]; then
        su postgres -s /bin/sh -c "$1"
    else
        sh -c "$1"
    fi
}

stop() {
    as_server_user "'$pg_bin/pg_ctl' -D '$dir/data' -m immediate stop" >/dev/null 2>&1 || true
    rm -rf "$dir"
}
trap stop EXIT

[[ $(id -u) == 0 ]] && chown postgres "$dir"
as_server_user "'$pg_bin/initdb' -D '$dir/data' -A trust -U postgres -E UTF8 --locale=C" >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
as_server_user "'$pg_bin/pg_ctl' -D '$dir/data' -l '$dir/server.log' -w -o \
    \"-p $port -k '$dir' -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off\" start" \
    >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
echo "with_postgres: PostgreSQL on 127.0.0.1:$port (data in $dir, removed on exit)" >&2

export DBT_PG_HOST=127.0.0.1 DBT_PG_PORT=$port DBT_PG_USER=postgres DBT_PG_DATABASE=postgres
"$@"
