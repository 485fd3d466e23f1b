#!/usr/bin/env bash
# Memory per held connection on a warm server: issue 3's long-poll and idle-WebSocket scenarios, measured the way
# ../shared/bench/push-peers/bench-push.sh measures them (same client, same sample.sh, server on core 0, clients on
# core 1, 10,000 clients from 127.0.0.2-5), but warmed with a whole run of the same 10,000 clients first instead of
# 200, so that what the JIT compiler and the collector's first growth hold is in the baseline and the difference is
# what the connections hold. Every peer gets the same steps; JVMs get the same JVM_FLAGS.
#   bench/push-steady.sh [peer ...]    peers: gevent netty vertx (from push-peers) and hayate-loop hayate-virtual
# Env: ROUND (default steady-UTC), CONNS=10000, JVM_FLAGS="-Xms16m -Xmx512m -XX:+UseSerialGC" (push3's), LOCK.
# Output: one line per peer and scenario, and $BENCH_WORK/push-peers/results/raw/ROUND/PEER/*.txt
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PUSH="${PUSH:-$ROOT/../shared/bench/push-peers}"
export JVM_FLAGS=${JVM_FLAGS:-"-Xms16m -Xmx512m -XX:+UseSerialGC"}
source "$PUSH/lib.sh"
ROUND=${ROUND:-steady-$(date -u +%Y%m%dT%H%M%S)}
CONNS=${CONNS:-10000}; LOCK=${LOCK:-/tmp/hayate-bench.lock}; PORT=${PORT:-18480}
OUT="$RESULTS/raw/$ROUND"; mkdir -p "$OUT"
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
[ -d "$BUILD/client/target/classes/push/client" ] || (cd "$PUSH" && ./build.sh) >&2
"$ROOT/hayate" build >/dev/null
JAR=$(mktemp -d /tmp/hayate-jar.XXXXXX)/hayate.jar
cp "$ROOT/hayate-cli/target/hayate.jar" "$JAR"
PEERS=("$@"); [ ${#PEERS[@]} -eq 0 ] && PEERS=(gevent netty vertx hayate-loop hayate-virtual)

client() { timeout 400 taskset -c 1 "$JAVA" -Xms256m -Xmx1g -XX:+UseSerialGC -cp "$BUILD/client/target/classes" push.client.PushClient "$@"; }
kv() { grep -E "^$1=" "$2" | tail -1 | cut -d= -f2; }

start() { # peer dir -> pid
  case "$1" in
    hayate-*) taskset -c 0 bash -c "exec $JAVA $JVM_FLAGS -jar $JAR demo --port $PORT --max-connections 30000 --async 20000 --mode ${1#hayate-}" >> "$2/server.log" 2>&1 & ;;
    *) taskset -c 0 "$PUSH/run-peer.sh" "$1" "$PORT" >> "$2/server.log" 2>&1 & ;;
  esac
  pid=$!
  for _ in $(seq 1 120); do
    [ "$(curl -s -m 2 -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/stats")" = 200 ] && return 0
    sleep 0.25
  done
  echo "$1 did not come up" >&2; return 1
}
stop() { kill "$pid" $(ps -o pid= --ppid "$pid") 2>/dev/null; wait "$pid" 2>/dev/null; sleep 1; }

for peer in "${PEERS[@]}"; do
  d="$OUT/$peer"; mkdir -p "$d"
  for scen in longpoll wsidle; do
    exec 9>>"$LOCK"; flock 9
    start "$peer" "$d" || { flock -u 9; continue; }
    client "$scen" "$PORT" "$CONNS" > "$d/$scen-warmup.txt" 2>&1     # the whole scenario once: JIT, heap growth
    sleep 3
    taskset -c 1 bash "$PUSH/sample.sh" "$pid" before > "$d/$scen-before.txt" 2>&1
    client "$scen" "$PORT" "$CONNS" "bash '$PUSH/sample.sh' $pid held" > "$d/$scen.txt" 2>&1
    stop; flock -u 9; exec 9>&-
    b=$(kv before_rss_kb "$d/$scen-before.txt"); h=$(kv held_rss_kb "$d/$scen.txt")
    hb=$(kv before_heap_kb "$d/$scen-before.txt"); hh=$(kv held_heap_kb "$d/$scen.txt")
    heap=NA; [ "$hb" != NA ] && [ -n "$hh" ] && heap=$(awk -v a="$hb" -v b="$hh" -v n="$CONNS" 'BEGIN{printf "%.2f", (b-a)/n}')
    printf '%s %s: RSS %s -> %s KB, %.2f KB/conn; live heap %s KB/conn; threads %s\n' "$peer" "$scen" "$b" "$h" \
      "$(awk -v a="$b" -v b="$h" -v n="$CONNS" 'BEGIN{print (b-a)/n}')" "$heap" "$(kv held_threads "$d/$scen.txt")" | tee -a "$OUT/summary.txt"
  done
done
