#!/usr/bin/env bash
# Memory per held connection, issue 3's long-poll and idle-WebSocket scenarios, measured with the tools of
# ../shared/bench/push-peers/bench-push.sh (its client, its sample.sh, server on core 0, clients on core 1, clients
# from 127.0.0.2-5, every JVM with the same JVM_FLAGS), in two steps on one server:
#   first:  RSS and live heap with CONNS held, minus before (what bench-push.sh reports: JIT and heap growth
#           included);
#   next:   MORE clients connect while the first CONNS stay: RSS and live heap with both held, minus with CONNS held.
#           Nothing freed is reused and what the JIT compiler needed once is already paid: the marginal cost.
# WARMUP=200 (default) warms like bench-push.sh; WARMUP=full runs the whole CONNS-client scenario first (steady1).
#   bench/push-memory.sh [peer ...]    peers: gevent netty vertx (from push-peers) and hayate-loop hayate-virtual
# Env: ROUND (default mem-UTC), CONNS=10000, MORE=CONNS (less if the open-file limit is lower), WARMUP=200|full,
#      JVM_FLAGS="-Xms16m -Xmx512m -XX:+UseSerialGC" (push3's), LOCK. Output: one line per peer and scenario, and $BENCH_WORK/push-peers/results/raw/ROUND/PEER/*.txt
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PUSH="${PUSH:-$ROOT/../shared/bench/push-peers}"
export JVM_FLAGS=${JVM_FLAGS:-"-Xms16m -Xmx512m -XX:+UseSerialGC"}
source "$PUSH/lib.sh"
ROUND=${ROUND:-mem-$(date -u +%Y%m%dT%H%M%S)}
CONNS=${CONNS:-10000}; WARMUP=${WARMUP:-200}; LOCK=${LOCK:-/tmp/hayate-bench.lock}; PORT=${PORT:-18480}
OUT="$RESULTS/raw/$ROUND"; mkdir -p "$OUT"
# The server holds CONNS + MORE connections: MORE defaults to CONNS, less where the open-file limit is lower.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
FD_ROOM=$([ "$(ulimit -n)" = unlimited ] && echo $((2 * CONNS)) || echo $(($(ulimit -n) - CONNS - 500)))
MORE=${MORE:-$((FD_ROOM < CONNS ? FD_ROOM : CONNS))}
[ -d "$BUILD/client/target/classes/push/client" ] || (cd "$PUSH" && ./build.sh) >&2
"$ROOT/hayate" build >/dev/null
JAR=$(mktemp -d /tmp/hayate-jar.XXXXXX)/hayate.jar
cp "$ROOT/hayate-cli/target/hayate.jar" "$JAR"
PEERS=("$@"); [ ${#PEERS[@]} -eq 0 ] && PEERS=(gevent netty vertx hayate-loop hayate-virtual)
CLIENT="timeout 400 taskset -c 1 $JAVA -Xms256m -Xmx1g -XX:+UseSerialGC -cp $BUILD/client/target/classes push.client.PushClient"
case "$WARMUP" in full) WARM_N=$CONNS ;; *) WARM_N=$WARMUP ;; esac

kv() { grep -E "^$1=" "$2" | tail -1 | cut -d= -f2; }
per_conn() { awk -v a="$1" -v b="$2" -v n="$3" 'BEGIN{ if (a == "NA" || b == "NA" || a == "" || b == "") print "NA"; else printf "%.2f", (b-a)/n }'; }

start() { # peer dir -> pid
  case "$1" in
    hayate-*) taskset -c 0 bash -c "exec $JAVA $JVM_FLAGS -jar $JAR demo --port $PORT --max-connections 50000 --async 40000 --mode ${1#hayate-}" >> "$2/server.log" 2>&1 & ;;
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
    $CLIENT "$scen" "$PORT" "$WARM_N" > "$d/$scen-warmup.txt" 2>&1
    sleep 1
    taskset -c 1 bash "$PUSH/sample.sh" "$pid" before > "$d/$scen-before.txt" 2>&1
    # The first clients' sampling command samples, then runs MORE clients whose own sampling command samples with
    # both held. The second client's publish or broadcast reaches the first ones too; both runs end on their own.
    second="$CLIENT $scen $PORT $MORE \"bash '$PUSH/sample.sh' $pid twice\" > '$d/$scen-next.txt' 2>&1"
    $CLIENT "$scen" "$PORT" "$CONNS" "bash '$PUSH/sample.sh' $pid held; $second" > "$d/$scen.txt" 2>&1
    stop; flock -u 9; exec 9>&-
    b=$(kv before_rss_kb "$d/$scen-before.txt"); h=$(kv held_rss_kb "$d/$scen.txt"); t=$(kv twice_rss_kb "$d/$scen-next.txt")
    hb=$(kv before_heap_kb "$d/$scen-before.txt"); hh=$(kv held_heap_kb "$d/$scen.txt"); ht=$(kv twice_heap_kb "$d/$scen-next.txt")
    printf '%s %s: RSS KB %s -> %s -> %s; per conn first %s, next %s (of %s); live heap per conn first %s, next %s; threads %s -> %s\n' \
      "$peer" "$scen" "$b" "$h" "$t" "$(per_conn "$b" "$h" "$CONNS")" "$(per_conn "$h" "$t" "$MORE")" "$MORE" "$(per_conn "$hb" "$hh" "$CONNS")" \
      "$(per_conn "$hh" "$ht" "$MORE")" "$(kv held_threads "$d/$scen.txt")" "$(kv twice_threads "$d/$scen-next.txt")" | tee -a "$OUT/summary.txt"
  done
done
