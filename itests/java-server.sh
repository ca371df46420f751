#!/usr/bin/env bash
# Starts and stops a Java server process the integration tests talk to (WireMock standing in for third-party APIs,
# mock-oauth2-server as the OAuth/OIDC server); run by the itests build around the tests (pre-integration-test:
# start, post-integration-test: stop). The process inherits the environment (the build sets SERVER_PORT etc.).
#
#   java-server.sh start STATEDIR PORT JAVA-ARGUMENTS...   (waits until 127.0.0.1:PORT accepts connections)
#   java-server.sh stop  STATEDIR
#
# STATEDIR keeps the pid and, after the run, server.log.
set -euo pipefail

die() { echo "java-server.sh: $*" >&2; exit 1; }

case "${1:-}" in
start)
    [ $# -ge 4 ] || die "usage: java-server.sh start STATEDIR PORT JAVA-ARGUMENTS..."
    state=$2 port=$3
    shift 3
    mkdir -p "$state"
    if [ -f "$state/pid" ] && kill -0 "$(cat "$state/pid")" 2>/dev/null; then
        kill "$(cat "$state/pid")" || true
    fi
    java=${JAVA_HOME:+$JAVA_HOME/bin/}java
    nohup "$java" -Xmx192m "$@" >"$state/server.log" 2>&1 &
    echo $! >"$state/pid"
    for _ in $(seq 1 120); do
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "java-server.sh: $(basename "$state") is up on 127.0.0.1:$port (pid $(cat "$state/pid"))"
            exit 0
        fi
        kill -0 "$(cat "$state/pid")" 2>/dev/null || { cat "$state/server.log" >&2; die "the server exited"; }
        sleep 0.5
    done
    die "nothing listened on port $port within 60 s (log: $state/server.log)"
    ;;
stop)
    [ $# -eq 2 ] || die "usage: java-server.sh stop STATEDIR"
    state=$2
    if [ -f "$state/pid" ]; then
        kill "$(cat "$state/pid")" 2>/dev/null || true
        rm -f "$state/pid"
    fi
    ;;
*)
    die "usage: java-server.sh start|stop ..."
    ;;
esac
