#!/usr/bin/env bash
# Start a throw-away PostgreSQL server on loopback for the test suite (idempotent) and print
# its SQLAlchemy URL. The cluster lives in $SANIVELD_PG_DIR (default /tmp/saniveld-pg), owned
# by the `postgres` system user that Debian's package creates; trust authentication on
# 127.0.0.1 only. Stop it with: pg_ctl -D "$SANIVELD_PG_DIR" stop (as postgres).
set -euo pipefail

PORT="${SANIVELD_PG_PORT:-54329}"
DIR="${SANIVELD_PG_DIR:-/tmp/saniveld-pg}"
BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"

as_postgres() {
    if [ "$(id -un)" = "postgres" ]; then "$@"
    elif [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"
    else sudo -u postgres "$@"
    fi
}

if [ ! -s "$DIR/PG_VERSION" ]; then
    mkdir -p "$DIR"
    chown postgres:postgres "$DIR" 2>/dev/null || true
    as_postgres "$BIN/initdb" -D "$DIR" -U postgres -A trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
fi
if ! as_postgres "$BIN/pg_ctl" -D "$DIR" status >/dev/null 2>&1; then
    as_postgres "$BIN/pg_ctl" -D "$DIR" -l "$DIR/server.log" -w \
        -o "-h 127.0.0.1 -p $PORT -k $DIR -c fsync=off -c max_connections=200" start >/dev/null
fi
echo "postgresql+psycopg://postgres@127.0.0.1:$PORT/postgres"
