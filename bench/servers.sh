#!/usr/bin/env bash
# Issue 2's server benchmark in one run: Hayate in each mode beside nginx (the physical limit), Vert.x, Netty and
# the other Java peers of ../shared/bench/java-peers, with that harness (server on core 0, load on core 1):
# wrk -t1 -c100 -d10s keep-alive /plaintext, ab -n 10000 -c 100, wrk Connection: close, 2000 concurrent /sleep,
# 10,000 idle keep-alive connections (RSS, threads, live heap per connection).
#   bench/servers.sh                       # ROUND=name PEERS="nginx vertx netty-nio" MODES="loop virtual threads blocking"
# Then: ../shared/bench/java-peers/summarize.py ROUND > table.md
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH="${BENCH:-$ROOT/../shared/bench/java-peers}"
PEERS=${PEERS-"nginx vertx netty-nio"}
MODES=${MODES:-"loop virtual threads blocking"}
export ROUND=${ROUND:-hayate-$(date -u +%Y%m%dT%H%M%S)}
JDK=$("$ROOT/hayate" java | cut -d' ' -f1)
"$ROOT/hayate" build >/dev/null
JAR=$(mktemp -d /tmp/hayate-jar.XXXXXX)/hayate.jar
cp "$ROOT/hayate-cli/target/hayate.jar" "$JAR"
[ -d "${BENCH_WORK:-/tmp/hayate-bench}/java-peers/build/vertx/target" ] || (cd "$BENCH" && ./build.sh)
ARGS=()
for m in $MODES; do
  ARGS+=("hayate-$m=exec $JDK/bin/java -Xms512m -Xmx512m -XX:+UseSerialGC -jar $JAR demo --mode $m --port {PORT} --max-connections 20000")
done
cd "$BENCH"
# shellcheck disable=SC2086
./bench.sh $PEERS "${ARGS[@]}"
./summarize.py "$ROUND"
