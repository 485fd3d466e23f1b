#!/usr/bin/env bash
# A/B of two builds of hayate.jar: is a change faster or slower per server CPU-second?
# Both demos run at once on core 0 (one idle while the other is loaded), wrk -t1 -c100 on core 1 alternates between
# them (A B, B A, A B, ...), so the machine's drift, which moves every figure here by 20-30 % within an hour, falls
# on both alike. Prints each pair's requests per server CPU-second, its ratio B/A and the median ratio.
#   bench/compare-jars.sh OLD.jar NEW.jar            # Env: MODE=loop PAIRS=8 SECONDS_EACH=5 URL_PATH=/plaintext
#   MODE_B=virtual bench/compare-jars.sh J.jar J.jar  # two modes of one build (B runs in MODE_B)
# Holds /tmp/hayate-bench.lock (LOCK) while it measures; a build of the jar you change is `./hayate build` and a
# copy of hayate-cli/target/hayate.jar.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[ $# -eq 2 ] && [ -f "$1" ] && [ -f "$2" ] || { sed -n '2,9p' "$0" >&2; exit 2; }
A=$1; B=$2
MODE=${MODE:-loop}; MODE_B=${MODE_B:-$MODE}; PAIRS=${PAIRS:-8}; SECONDS_EACH=${SECONDS_EACH:-5}; URL_PATH=${URL_PATH:-/plaintext}
LOCK=${LOCK:-/tmp/hayate-bench.lock}; PORT_A=${PORT_A:-18801}; PORT_B=${PORT_B:-18802}
command -v wrk >/dev/null || { echo "needs wrk: apt-get install -y wrk" >&2; exit 2; }
JAVA="$("$ROOT/hayate" java | cut -d' ' -f1)/bin/java"

exec 9>>"$LOCK"; flock 9
pids=()
trap 'kill "${pids[@]}" 2>/dev/null; wait 2>/dev/null' EXIT
serve() { # jar port mode
  taskset -c 0 "$JAVA" -Xms512m -Xmx512m -XX:+UseSerialGC -jar "$1" demo --mode "$3" --port "$2" \
    --max-connections 20000 > /dev/null 2>&1 &
  pids+=($!)
}
serve "$A" "$PORT_A" "$MODE"; pid_a=${pids[0]}
serve "$B" "$PORT_B" "$MODE_B"; pid_b=${pids[1]}
for port in "$PORT_A" "$PORT_B"; do
  for _ in $(seq 1 80); do curl -s -o /dev/null "http://127.0.0.1:$port$URL_PATH" && break; sleep 0.25; done
  taskset -c 1 wrk -t1 -c100 -d8s "http://127.0.0.1:$port$URL_PATH" > /dev/null # warm-up: the JIT, on both
done

ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
per_cpu_second() { # pid port
  local t0 t1 n
  t0=$(ticks "$1")
  n=$(taskset -c 1 wrk -t1 -c100 -d"${SECONDS_EACH}s" "http://127.0.0.1:$2$URL_PATH" | awk '/requests in/ {print $1}')
  t1=$(ticks "$1")
  echo $((n * $(getconf CLK_TCK) / (t1 - t0)))
}
ratios=()
for i in $(seq 1 "$PAIRS"); do
  if [ $((i % 2)) -eq 1 ]; then a=$(per_cpu_second "$pid_a" "$PORT_A"); b=$(per_cpu_second "$pid_b" "$PORT_B")
  else b=$(per_cpu_second "$pid_b" "$PORT_B"); a=$(per_cpu_second "$pid_a" "$PORT_A"); fi
  r=$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.3f", b / a }')
  ratios+=("$r")
  echo "pair $i: A $a  B $b  req per server CPU-s, B/A $r"
done
printf '%s\n' "${ratios[@]}" | sort -n | awk '{ r[NR] = $1 } END {
  m = NR % 2 ? r[(NR + 1) / 2] : (r[NR / 2] + r[NR / 2 + 1]) / 2
  printf "median B/A %.3f over %d pairs (min %s, max %s)\n", m, NR, r[1], r[NR] }'
