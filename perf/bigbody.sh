#!/usr/bin/env bash
# Large webhook bodies and the server's memory. A fresh unpack (HTTP 18781), one GitHub integration, then:
#   1. COUNT signed deliveries of 24 MB (under the 25 MB cap), CONCURRENCY at a time: all stored (202)
#   2. COUNT chunked uploads of 100 MB (no Content-Length): refused with 413 after the cap, the rest not read
# The server's RSS and its heap (jstat: old generation and all generations, used) are sampled every 100 ms; printed:
# before, the peak during each phase, after. A 24 MB array does not fit the young generation, so a body held in memory
# shows in the old generation's peak.
#   perf/bigbody.sh          environment: COUNT (16), CONCURRENCY (4)
set -euo pipefail

. "$(dirname "$0")/lib.sh"
COUNT=${COUNT:-16}
CONCURRENCY=${CONCURRENCY:-4}
SECRET="big-secret"
plugboard_unpack bigbody 18781 18701
plugboard_start
curl -s -o /dev/null -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/yaml' --data-binary @- \
    "http://127.0.0.1:$PORT/api/v1/apply" <<YAML
kind: Secret
metadata: {name: big}
spec: {data: {webhook: $SECRET}}
---
kind: Integration
metadata: {name: big}
spec: {type: TYPE_GITHUB, webhook: {secret: {valueFrom: {secret: {name: big, key: webhook}}}}}
YAML
UID_=$(curl -s -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/v1/integrations/big" | sed -n 's/.*"uid" : "\(.*\)".*/\1/p')
URL="http://127.0.0.1:$PORT/webhooks/github/$UID_"
PID=$(cat "$HOME_DIR/karaf.pid")

heap_mb() {   # "old used MB, all used MB" now
    jstat -gc "$PID" | awk 'NR == 2 {printf "%d %d", $8 / 1024, ($3 + $4 + $6 + $8) / 1024}'
}
peak_during() {   # command... → runs it while sampling RSS and heap; prints its output and the peaks
    local samples="$WORK/rss.txt" heap="$WORK/heap.txt"
    : > "$samples"; : > "$heap"
    ( while kill -0 "$PID" 2>/dev/null; do awk '/VmRSS/ {print int($2/1024)}' "/proc/$PID/status" >> "$samples"; sleep 0.1; done ) &
    local sampler=$!
    jstat -gc "$PID" 100 > "$heap" &
    local heap_sampler=$!
    "$@"
    kill "$sampler" "$heap_sampler" 2>/dev/null || true
    echo "  peak RSS $(sort -n "$samples" | tail -1) MB; peak heap used: old generation $(awk 'NR > 1 {print int($8 / 1024)}' "$heap" | sort -n | tail -1) MB, all $(awk 'NR > 1 {print int(($3 + $4 + $6 + $8) / 1024)}' "$heap" | sort -n | tail -1) MB"
}

sleep 5
echo "machine: $(nproc) cores; bin/setenv heap bound (-Xmx512m); maxBodyBytes 25 MB"
echo "RSS before: $(rss_mb) MB; heap used (old, all): $(heap_mb) MB"
peak_during java "$ROOT/perf/BigBody.java" accept "$URL" "$SECRET" "$COUNT" "$CONCURRENCY" $((24 * 1024 * 1024))
peak_during java "$ROOT/perf/BigBody.java" oversize "$URL" "$COUNT" "$CONCURRENCY" $((100 * 1024 * 1024))
sleep 5
echo "RSS after: $(rss_mb) MB; heap used (old, all): $(heap_mb) MB; server still healthy: $(healthy && echo yes || echo NO)"
grep -c "OutOfMemoryError" "$HOME_DIR/data/log/karaf.log" | sed 's/^/OutOfMemoryError in the log: /'
