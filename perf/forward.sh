#!/usr/bin/env bash
# Forwarding benchmark (issue #21). A fresh unpack of the built distribution (HTTP 18583), one GitHub integration and
# an event source whose spec.forward.url is a receiver that takes DELAY (100) ms per request (perf/ForwardBench.java,
# which also sends the deliveries). Two runs side by side, on the same server:
#   1. forwardConcurrency = 32 (the default), COUNT (3000) deliveries, after as many unmeasured ones (the JIT's warm-up:
#      on a cold server the compiler threads took most of the CPU)
#   2. forwardConcurrency = 1 (one forward at a time: what the dispatcher did before), SMALL (100) deliveries
# The receiver holds what reaches it until all deliveries are sent, so each run measures how fast a backlog drains
# (as after a restart, or when a receiver comes back): forwards/s from the moment the receiver opens to its last
# request, and the most requests it had at once.
#   perf/forward.sh          environment: DELAY (100 ms), COUNT (3000), SMALL (100)
set -euo pipefail

. "$(dirname "$0")/lib.sh"
DELAY=${DELAY:-100}
COUNT=${COUNT:-3000}
SMALL=${SMALL:-100}
SECRET="bench-secret"
RECEIVER=18597

plugboard_unpack forward 18583 18503
sed -i -e 's/^forwardTimeoutSeconds *=.*/forwardTimeoutSeconds = 120/' \
    "$HOME_DIR/etc/io.plugboard.events.cfg"
plugboard_start
curl -sf -o /dev/null -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/yaml' --data-binary @- \
    "http://127.0.0.1:$PORT/api/v1/apply" <<YAML
kind: Secret
metadata: {name: bench}
spec: {data: {webhook: $SECRET}}
---
kind: Integration
metadata: {name: bench}
spec: {type: TYPE_GITHUB, webhook: {secret: {valueFrom: {secret: {name: bench, key: webhook}}}}}
---
kind: EventSource
metadata: {name: bench}
spec: {integration: {domain: ORGANIZATION, name: bench}, github: {repository: octo/bench}, forward: {url: "http://127.0.0.1:$RECEIVER/hook"}}
YAML
UID_=$(curl -s -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/v1/integrations/bench" | sed -n 's/.*"uid" : "\(.*\)".*/\1/p')
URL="http://127.0.0.1:$PORT/webhooks/github/$UID_"
BENCH="java $ROOT/perf/ForwardBench.java"
concurrency() {   # the value the server's configuration holds now
    "$HOME_DIR/bin/client" -a 18503 -u karaf -p karaf -b 2>/dev/null <<<"config:property-get --pid io.plugboard.events forwardConcurrency" \
        | tr -d '\r' | grep -E '^[0-9]+$' || true
}
concurrency_is() { [ "$(concurrency)" = "$1" ]; }

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GB; receiver ${DELAY} ms per request; H2"
$BENCH "$URL" "$SECRET" $RECEIVER "$DELAY" "$COUNT" 300 >/dev/null   # warm-up
thread_cpu > "$WORK/cpu.before"
echo "forwardConcurrency 32, $COUNT deliveries: $($BENCH "$URL" "$SECRET" $RECEIVER "$DELAY" "$COUNT" 300)"
thread_cpu > "$WORK/cpu.after"
echo "server CPU during that run, by thread (ticks of 10 ms):"
thread_cpu_diff "$WORK/cpu.before" "$WORK/cpu.after" 10
sed -i 's/^forwardConcurrency *=.*/forwardConcurrency = 1/' "$HOME_DIR/etc/io.plugboard.events.cfg"
wait_until 60 concurrency_is 1 || { echo "the configuration change was not picked up" >&2; exit 1; }
echo "forwardConcurrency 1,  $SMALL deliveries:  $($BENCH "$URL" "$SECRET" $RECEIVER "$DELAY" "$SMALL" 120)"
echo "(target: >= 200 forwards/s with a ${DELAY} ms receiver)"
