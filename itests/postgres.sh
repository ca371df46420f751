#!/usr/bin/env bash
# A throw-away PostgreSQL server for the integration tests (PostgresIT), run by the itests build
# (pre-integration-test: start, post-integration-test: stop). Nothing outside its own data directory is
# touched; the server listens on 127.0.0.1 only.
#
#   postgres.sh start STATEDIR PORT USER PASSWORD DATABASE
#   postgres.sh stop  STATEDIR
#
# STATEDIR keeps where the cluster is and, after stop, its server.log.
#
# Finds initdb/pg_ctl of the newest installed PostgreSQL; when there is none and we are root on Debian,
# installs the server with apt-get. PostgreSQL refuses to run as root, so as root the server runs as the
# 'postgres' system user (created by the Debian package).
set -euo pipefail

die() { echo "postgres.sh: $*" >&2; exit 1; }

find_bindir() {
    local dir
    if command -v pg_config >/dev/null 2>&1 && [ -x "$(pg_config --bindir)/initdb" ]; then
        pg_config --bindir; return
    fi
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        if [ -x "$dir/initdb" ]; then echo "$dir"; return; fi
    done
    if command -v initdb >/dev/null 2>&1; then dirname "$(command -v initdb)"; return; fi
}

install_server() {
    [ "$(id -u)" = 0 ] || die "no PostgreSQL server found; install it (Debian: apt-get install postgresql) or run as root"
    command -v apt-get >/dev/null 2>&1 || die "no PostgreSQL server found and no apt-get to install one"
    echo "postgres.sh: installing PostgreSQL from Debian packages"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq postgresql >/dev/null
}

# runs a command as the server's owner
as_owner() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

start() {
    local datadir=$1 port=$2 user=$3 password=$4 database=$5
    local bindir
    bindir=$(find_bindir)
    if [ -z "$bindir" ]; then
        install_server
        bindir=$(find_bindir)
        [ -n "$bindir" ] || die "PostgreSQL was installed but initdb is not to be found"
    fi
    stop "$datadir" >/dev/null 2>&1 || true
    rm -rf "$datadir"
    mkdir -p "$datadir"
    # the cluster lives in a private folder under /tmp: as root the server runs as 'postgres', which may not
    # be able to enter the build directory
    local cluster
    cluster=$(mktemp -d "${TMPDIR:-/tmp}/plugboard-it-postgres.XXXXXX")
    echo "$cluster" > "$datadir/cluster"
    if [ "$(id -u)" = 0 ]; then chown postgres "$cluster"; fi
    printf '%s\n' "$password" > "$cluster/pw"
    if [ "$(id -u)" = 0 ]; then chown postgres "$cluster/pw"; fi
    as_owner "$bindir/initdb" -D "$cluster/data" -U "$user" --pwfile="$cluster/pw" -A scram-sha-256 -E UTF8 \
        --no-instructions >"$datadir/initdb.log" 2>&1 || { cat "$datadir/initdb.log" >&2; die "initdb failed"; }
    rm -f "$cluster/pw"
    as_owner "$bindir/pg_ctl" -D "$cluster/data" -l "$cluster/server.log" -w -t 60 \
        -o "-p $port -c listen_addresses=127.0.0.1 -k $cluster -c fsync=off" start >/dev/null \
        || { cat "$cluster/server.log" >&2; die "the server did not start"; }
    PGPASSWORD=$password "$bindir/psql" -h 127.0.0.1 -p "$port" -U "$user" -d postgres -q -v ON_ERROR_STOP=1 \
        -c "CREATE DATABASE $database" >/dev/null
    echo "postgres.sh: PostgreSQL $("$bindir/postgres" --version | awk '{print $NF}') on 127.0.0.1:$port, database $database ($datadir)"
}

stop() {
    local datadir=$1 bindir cluster
    [ -f "$datadir/cluster" ] || return 0
    cluster=$(cat "$datadir/cluster")
    if [ -f "$cluster/data/postmaster.pid" ]; then
        bindir=$(find_bindir)
        as_owner "$bindir/pg_ctl" -D "$cluster/data" -m fast -w stop >/dev/null
        echo "postgres.sh: stopped the server in $cluster"
    fi
    cp "$cluster/server.log" "$datadir/server.log" 2>/dev/null || true
    rm -rf "$cluster" "$datadir/cluster"
}

case "${1:-}" in
    start) [ $# -eq 6 ] || die "usage: postgres.sh start DATADIR PORT USER PASSWORD DATABASE"; start "$2" "$3" "$4" "$5" "$6" ;;
    stop)  [ $# -eq 2 ] || die "usage: postgres.sh stop DATADIR"; stop "$2" ;;
    *) die "usage: postgres.sh start DATADIR PORT USER PASSWORD DATABASE | stop DATADIR" ;;
esac
