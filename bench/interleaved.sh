#!/usr/bin/env bash
# Issue 2's ratios with the machine's drift taken out: every server up at once on core 0 (all idle but the one under
# load), and the load (core 1) going round them again and again, in a new order each round: wrk -t1 -c100 on
# /plaintext (keep-alive) and ab -n 10000 -c 100 (a connection per request), requests per second and per server
# CPU-second. bench/servers.sh measures each server in its turn, a few minutes apart, and this machine's speed moves
# by 20-30 % in that time; here a server's figures and its peers' come from the same minute of every round, and the
# ratios are taken per round, then their median.
#   bench/interleaved.sh                  # Env: PEERS="nginx vertx netty-nio" MODES="loop virtual" ROUNDS=6 WRK_SECONDS=5
# Peers are started by ../shared/bench/java-peers/run-peer.sh (build them with its build.sh), every JVM with the
# harness's JVM_FLAGS. Holds /tmp/hayate-bench.lock (LOCK). Output: one line per run and the table of medians.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH="${BENCH:-$ROOT/../shared/bench/java-peers}"
PEERS=${PEERS-"nginx vertx netty-nio"}; MODES=${MODES:-"loop virtual"}
ROUNDS=${ROUNDS:-6}; WRK_SECONDS=${WRK_SECONDS:-5}; AB_N=${AB_N:-10000}
LOCK=${LOCK:-/tmp/hayate-bench.lock}; BASE_PORT=${BASE_PORT:-18850}
export JVM_FLAGS=${JVM_FLAGS:-"-Xms512m -Xmx512m -XX:+UseSerialGC"}
for tool in wrk ab curl; do command -v $tool >/dev/null || { echo "needs $tool (apt-get install -y wrk apache2-utils curl)" >&2; exit 2; }; done
JDK=$("$ROOT/hayate" java | cut -d' ' -f1)
export JAVA_HOME=$JDK
"$ROOT/hayate" build >/dev/null
JAR=$(mktemp -d /tmp/hayate-jar.XXXXXX)/hayate.jar
cp "$ROOT/hayate-cli/target/hayate.jar" "$JAR"
[ -z "$PEERS" ] || [ -d "${BENCH_WORK:-/tmp/hayate-bench}/java-peers/build/vertx/target" ] || (cd "$BENCH" && ./build.sh) >&2

exec 9>>"$LOCK"; flock 9
names=(); ports=(); pids=()
trap 'kill "${pids[@]}" 2>/dev/null; wait 2>/dev/null' EXIT
port=$BASE_PORT
for p in $PEERS; do
  taskset -c 0 "$BENCH/run-peer.sh" "$p" "$port" > "/tmp/interleaved-$p.log" 2>&1 &
  names+=("$p"); ports+=("$port"); pids+=($!); port=$((port + 1))
done
for m in $MODES; do
  taskset -c 0 "$JDK/bin/java" $JVM_FLAGS -jar "$JAR" demo --mode "$m" --port "$port" --max-connections 20000 \
    > "/tmp/interleaved-hayate-$m.log" 2>&1 &
  names+=("hayate-$m"); ports+=("$port"); pids+=($!); port=$((port + 1))
done
n=${#names[@]}
for i in $(seq 0 $((n - 1))); do
  for _ in $(seq 1 120); do curl -s -o /dev/null "http://127.0.0.1:${ports[$i]}/plaintext" && break; sleep 0.25; done
  curl -sf -o /dev/null "http://127.0.0.1:${ports[$i]}/plaintext" || { echo "${names[$i]} did not come up" >&2; exit 1; }
  # the harness's warm-up, for every server
  taskset -c 1 wrk -t1 -c100 -d5s "http://127.0.0.1:${ports[$i]}/plaintext" > /dev/null
  taskset -c 1 ab -q -n 2000 -c 100 "http://127.0.0.1:${ports[$i]}/plaintext" > /dev/null 2>&1 || true
done

ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
out=$(mktemp)
for r in $(seq 1 "$ROUNDS"); do
  # a new order each round: rotate by the round number
  for k in $(seq 0 $((n - 1))); do
    i=$(((k + r) % n)); url="http://127.0.0.1:${ports[$i]}/plaintext"
    pid=${pids[$i]} # taskset and run-peer.sh exec the server itself
    t0=$(ticks "$pid")
    req=$(taskset -c 1 wrk -t1 -c100 -d"${WRK_SECONDS}s" "$url" | awk '/requests in/ {print $1}')
    t1=$(ticks "$pid")
    abrps=$(taskset -c 1 ab -q -n "$AB_N" -c 100 "$url" 2>/dev/null | awk '/Requests per second/ {print $4}')
    wrps=$((req / WRK_SECONDS)); cpus=$((req * $(getconf CLK_TCK) / (t1 - t0)))
    echo "$r ${names[$i]} $wrps $cpus ${abrps:-0}" >> "$out"
    echo "round $r ${names[$i]}: wrk $wrps req/s, $cpus per server CPU-s; ab ${abrps:-failed} req/s"
  done
done
python3 - "$out" "${names[@]}" <<'EOF'
import sys, statistics
rows = [l.split() for l in open(sys.argv[1])]
names = sys.argv[2:]
by = {}
for r, name, w, c, a in rows:
    by.setdefault(int(r), {})[name] = (float(w), float(c), float(a))
def med(xs): return statistics.median(xs) if xs else float('nan')
print("\n| server | wrk req/s (median) | wrk per server CPU-s | ab req/s |" + "".join(f" ÷ {a}: wrk, CPU-s, ab |" for a in ("vertx", "nginx", "netty-nio") if a in names))
print("|---|---|---|---|" + "".join("---|" for a in ("vertx", "nginx", "netty-nio") if a in names))
for n in names:
    vals = [by[r][n] for r in by if n in by[r]]
    line = f"| {n} | {med([v[0] for v in vals]):,.0f} | {med([v[1] for v in vals]):,.0f} | {med([v[2] for v in vals]):,.0f} |"
    for a in ("vertx", "nginx", "netty-nio"):
        if a in names:
            rs = [[by[r][n][k] / by[r][a][k] for r in by if n in by[r] and a in by[r] and by[r][a][k] > 0] for k in range(3)]
            line += " " + ", ".join(f"{med(x):.2f}×" for x in rs) + " |"
    print(line)
print(f"\nratios: per round, then the median over {len(by)} rounds")
EOF
rm -f "$out"
