#!/usr/bin/env bash
# Boot benchmark of the assembled distribution. Prints, for each of RUNS fresh unpacks:
#   cold start  - bin/start until GET /api/v1/health answers 200 {"status":"UP"} (seconds)
#   idle RSS    - resident memory of the server JVM, SETTLE seconds after it is healthy (MB)
#   hot deploy  - provider jar copied into deploy/ until GET /api/v1/providers lists it (seconds), DEPLOYS times
# then the median of each. Needs a built distribution (mvn -q install -DskipTests), curl and ssh.
# Talks only to 127.0.0.1; every wait has a deadline. (RSA key: Karaf 4.4 public-key login takes RSA, not ed25519.)
#
#   perf/boot.sh [RUNS]        environment: SETTLE (default 10), DEPLOYS (default 5), HTTP_PORT, SSH_PORT
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
RUNS=${1:-3}
SETTLE=${SETTLE:-10}
DEPLOYS=${DEPLOYS:-5}
HTTP_PORT=${HTTP_PORT:-8181}
SSH_PORT=${SSH_PORT:-8101}
TARBALL=$(ls "$ROOT"/karaf-distribution/target/karaf-distribution-*.tar.gz 2>/dev/null | head -1)
[ -n "$TARBALL" ] || { echo "no distribution: run 'mvn -q install -DskipTests' first" >&2; exit 1; }
for port in "$HTTP_PORT" "$SSH_PORT"; do
    if curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$port/"; then
        echo "port $port is in use: stop the running server first (or set HTTP_PORT/SSH_PORT)" >&2; exit 1
    fi
done

WORK=$(mktemp -d /tmp/plugboard-perf.XXXXXX)
HOME_DIR=""
cleanup() {
    if [ -n "$HOME_DIR" ] && [ -f "$HOME_DIR/karaf.pid" ]; then
        "$HOME_DIR/bin/stop" >/dev/null 2>&1 || true
        pid=$(cat "$HOME_DIR/karaf.pid" 2>/dev/null || true)
        for _ in $(seq 1 100); do [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", b - a}'; }
median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else printf "%.2f\n", (a[NR/2]+a[NR/2+1])/2}'; }

# polls a shell condition every 50 ms, for at most $1 seconds
wait_until() {
    local deadline=$(( $(date +%s) + $1 )); shift
    until "$@"; do
        [ "$(date +%s)" -lt "$deadline" ] || return 1
        sleep 0.05
    done
}
healthy() { curl -s --max-time 2 "http://127.0.0.1:$HTTP_PORT/api/v1/health" | grep -q '"status" *: *"UP"'; }
providers() { curl -sf --max-time 2 -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$HTTP_PORT/api/v1/providers"; }
listed() { providers | grep -q '"id" *: *"github"'; }
# "gone" only on an answer that lacks it: a failed or empty answer proves nothing
not_listed() { local answer; answer=$(providers) || return 1; [ -n "$answer" ] && ! grep -q '"id" *: *"github"' <<<"$answer"; }

ssh-keygen -q -t rsa -b 2048 -N '' -f "$WORK/key" >/dev/null
SSH="ssh -q -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -i $WORK/key -p $SSH_PORT karaf@127.0.0.1"

echo "distribution: $(basename "$TARBALL"), $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GB, runs: $RUNS"
printf '%-4s %14s %14s %s\n' run "cold start s" "idle RSS MB" "hot deploy s (each)"
: > "$WORK/boot"; : > "$WORK/rss"; : > "$WORK/deploy"
for run in $(seq 1 "$RUNS"); do
    rm -rf "$WORK/dist"; mkdir -p "$WORK/dist"
    tar -xzf "$TARBALL" -C "$WORK/dist"
    HOME_DIR=$(ls -d "$WORK"/dist/*/ | head -1); HOME_DIR=${HOME_DIR%/}
    sed -i "s/^org.osgi.service.http.port *=.*/org.osgi.service.http.port = $HTTP_PORT/" "$HOME_DIR/etc/org.ops4j.pax.web.cfg"
    sed -i "s/^sshPort *=.*/sshPort = $SSH_PORT/" "$HOME_DIR/etc/org.apache.karaf.shell.cfg"
    echo "karaf=$(cut -d' ' -f2 "$WORK/key.pub"),_g_:admingroup" >> "$HOME_DIR/etc/keys.properties"

    start=$(now)
    "$HOME_DIR/bin/start" >/dev/null 2>&1
    wait_until 120 healthy || { echo "not healthy within 120 s; see $HOME_DIR/data/log/karaf.log" >&2; exit 1; }
    boot=$(elapsed "$start" "$(now)")
    TOKEN=$(cat "$HOME_DIR/data/plugboard/admin.token")

    sleep "$SETTLE"   # the measured quantity is memory at rest, not a synchronisation
    pid=$(cat "$HOME_DIR/karaf.pid")
    rss=$(awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$pid/status")

    wait_until 30 $SSH "bundle:list" >/dev/null || { echo "ssh console not reachable" >&2; exit 1; }
    $SSH "bundle:uninstall io.plugboard.provider.github" >/dev/null 2>&1
    wait_until 10 not_listed || { echo "github still listed after bundle:uninstall" >&2; exit 1; }
    jar=$(ls "$HOME_DIR"/system/io/plugboard/io.plugboard.provider.github/*/io.plugboard.provider.github-*.jar)
    deploys=()
    for _ in $(seq 1 "$DEPLOYS"); do
        cp "$jar" "$HOME_DIR/deploy/.github.part"
        start=$(now)
        mv "$HOME_DIR/deploy/.github.part" "$HOME_DIR/deploy/github.jar"
        wait_until 30 listed || { echo "deployed provider not listed within 30 s" >&2; exit 1; }
        d=$(elapsed "$start" "$(now)"); deploys+=("$d"); echo "$d" >> "$WORK/deploy"
        rm "$HOME_DIR/deploy/github.jar"
        wait_until 30 not_listed || { echo "undeployed provider still listed after 30 s" >&2; exit 1; }
    done
    printf '%-4s %14s %14s %s\n' "$run" "$boot" "$rss" "${deploys[*]}"
    echo "$boot" >> "$WORK/boot"; echo "$rss" >> "$WORK/rss"

    "$HOME_DIR/bin/stop" >/dev/null 2>&1
    wait_until 60 bash -c "! kill -0 $pid 2>/dev/null" || kill -9 "$pid" 2>/dev/null || true
    HOME_DIR=""
done
echo "median: cold start $(median < "$WORK/boot") s (target < 15), idle RSS $(median < "$WORK/rss") MB (target < 400), hot deploy $(median < "$WORK/deploy") s (target < 3)"
