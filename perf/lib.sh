# Shared by the perf scripts (sourced): a fresh unpack of the built distribution on its own ports, started in the
# background, stopped and removed on exit; helper processes listed in EXTRA_PIDS are killed too.
#   plugboard_unpack NAME HTTP_PORT SSH_PORT   sets WORK and HOME_DIR (not started yet: edit etc/ first)
#   plugboard_start                            bin/start, waits for health UP, sets TOKEN
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TARBALL=$(ls "$ROOT"/karaf-distribution/target/karaf-distribution-*.tar.gz 2>/dev/null | head -1)
WORK=""
HOME_DIR=""
EXTRA_PIDS=""

plugboard_cleanup() {
    for p in $EXTRA_PIDS; do kill "$p" 2>/dev/null || true; done
    if [ -n "$HOME_DIR" ] && [ -f "$HOME_DIR/karaf.pid" ]; then
        "$HOME_DIR/bin/stop" >/dev/null 2>&1 || true
        local pid
        pid=$(cat "$HOME_DIR/karaf.pid" 2>/dev/null || true)
        for _ in $(seq 1 100); do [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null || true
    fi
    # the server's log outlives the run: /tmp/plugboard-last-perf-karaf.log
    [ -n "$HOME_DIR" ] && cp "$HOME_DIR/data/log/karaf.log" /tmp/plugboard-last-perf-karaf.log 2>/dev/null || true
    [ -n "$WORK" ] && rm -rf "$WORK"
}
trap plugboard_cleanup EXIT

wait_until() { local deadline=$(( $(date +%s) + $1 )); shift; until "$@"; do [ "$(date +%s)" -lt "$deadline" ] || return 1; sleep 0.1; done; }
healthy() { curl -s --max-time 2 "http://127.0.0.1:$PORT/api/v1/health" | grep -q '"status" *: *"UP"'; }
rss_mb() { awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$(cat "$HOME_DIR/karaf.pid")/status"; }

plugboard_unpack() {
    [ -n "$TARBALL" ] || { echo "no distribution: build the distribution first (the README's first command)" >&2; exit 1; }
    WORK=$(mktemp -d "/tmp/plugboard-$1-perf.XXXXXX")
    PORT=$2
    tar -xzf "$TARBALL" -C "$WORK"
    HOME_DIR=$(ls -d "$WORK"/karaf-distribution*/ | head -1); HOME_DIR=${HOME_DIR%/}
    sed -i "s/^org.osgi.service.http.port *=.*/org.osgi.service.http.port = $PORT/" "$HOME_DIR/etc/org.ops4j.pax.web.cfg"
    sed -i "s/^sshPort *=.*/sshPort = $3/" "$HOME_DIR/etc/org.apache.karaf.shell.cfg"
}

plugboard_start() {
    "$HOME_DIR/bin/start" >/dev/null 2>&1
    wait_until 120 healthy || { echo "not healthy within 120 s" >&2; exit 1; }
    TOKEN=$(cat "$HOME_DIR/data/plugboard/admin.token")
}
