#!/usr/bin/env bash
# A WireMock server standing in for third-party REST APIs (the probe URLs of connection types) during the
# integration tests; run by the itests build (pre-integration-test: start, post-integration-test: stop).
# Listens on 127.0.0.1 only; serves the stubs in ROOTDIR/mappings.
#
#   wiremock.sh start STATEDIR JAR PORT ROOTDIR
#   wiremock.sh stop  STATEDIR
set -euo pipefail

die() { echo "wiremock.sh: $*" >&2; exit 1; }

case "${1:-}" in
start)
    [ $# -eq 5 ] || die "usage: wiremock.sh start STATEDIR JAR PORT ROOTDIR"
    state=$2 jar=$3 port=$4 root=$5
    mkdir -p "$state"
    if [ -f "$state/pid" ] && kill -0 "$(cat "$state/pid")" 2>/dev/null; then
        kill "$(cat "$state/pid")" || true
    fi
    java=${JAVA_HOME:+$JAVA_HOME/bin/}java
    nohup "$java" -Xmx128m -jar "$jar" --port "$port" --bind-address 127.0.0.1 --root-dir "$root" \
        --disable-banner --no-request-journal >"$state/wiremock.log" 2>&1 &
    echo $! >"$state/pid"
    for _ in $(seq 1 120); do
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "wiremock.sh: WireMock is up on 127.0.0.1:$port (pid $(cat "$state/pid"))"
            exit 0
        fi
        kill -0 "$(cat "$state/pid")" 2>/dev/null || { cat "$state/wiremock.log" >&2; die "WireMock exited"; }
        sleep 0.5
    done
    die "WireMock did not listen on port $port within 60 s (log: $state/wiremock.log)"
    ;;
stop)
    [ $# -eq 2 ] || die "usage: wiremock.sh stop STATEDIR"
    state=$2
    if [ -f "$state/pid" ]; then
        kill "$(cat "$state/pid")" 2>/dev/null || true
        rm -f "$state/pid"
    fi
    ;;
*)
    die "usage: wiremock.sh start|stop ..."
    ;;
esac
