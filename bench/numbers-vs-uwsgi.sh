#!/usr/bin/env bash
# The first article's experiment, like for like: `ab -n 10000 -c 100` on the app that reads numbers.txt and
# logs six lines per request, uWSGI the article's way (../shared/bench/python-peers/s000/webapp.py,
# --processes 1 --threads 1 --logto) against `hayate demo --logto` in each mode, in one run.
# Server on core 0, ab on core 1, loopback only. Prints a markdown table (medians of RUNS runs).
#   bench/numbers-vs-uwsgi.sh            # RUNS=3 MODES="blocking threads loop virtual"
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SEED="${SEED:-$ROOT/../shared/bench/python-peers/s000}"
RUNS=${RUNS:-3}; N=${N:-10000}; C=${C:-100}; PORT=${PORT:-19090}
MODES=${MODES:-"blocking threads loop virtual"}
WORK=$(mktemp -d /tmp/hayate-numbers.XXXXXX)
JDK=$("$ROOT/hayate" java | cut -d' ' -f1)
"$ROOT/hayate" build >/dev/null
cp "$ROOT/hayate-cli/target/hayate.jar" "$WORK/hayate.jar"
command -v uwsgi >/dev/null && [ -f /usr/lib/uwsgi/plugins/python3_plugin.so ] || {
  echo "needs: apt-get install uwsgi uwsgi-plugin-python3 apache2-utils" >&2; exit 1; }

SPID=""
stop() { if [ -n "$SPID" ]; then kill "$SPID" 2>/dev/null; wait "$SPID" 2>/dev/null || true; fi; SPID=""; }
trap 'stop; rm -rf "$WORK"' EXIT
wait_port() { for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && return 0; sleep 0.1; done; return 1; }
ticks() { awk '{print $14+$15}' "/proc/$SPID/stat"; }
# measure NAME URL WARMUP -> appends "name rps req_per_cpu_s" lines
measure() {
  local name=$1 url=$2 warm=$3 r t0 t1 rps
  if [ "$warm" -gt 0 ]; then
    # A JVM on one core compiles its hot paths over the first tens of thousands of requests (the compiler
    # threads share core 0 with the server); warm it the way the java-peers harness does before ab counts.
    command -v wrk >/dev/null && taskset -c 1 wrk -t1 -c"$C" -d"${WARM_SECS:-10}s" "$url" >/dev/null 2>&1
    taskset -c 1 ab -q -n "$warm" -c "$C" "$url" >/dev/null 2>&1
  fi
  for r in $(seq "$RUNS"); do
    t0=$(ticks)
    rps=$(taskset -c 1 ab -q -n "$N" -c "$C" "$url" 2>&1 | awk '/^Requests per second/{print $4}')
    t1=$(ticks)
    echo "$name $rps $(awk -v n="$N" -v t="$((t1 - t0))" 'BEGIN{ if (t > 0) printf "%.0f", n * 100 / t; else print "NA"}')" >> "$WORK/results"
  done
}

(cd "$SEED" && exec taskset -c 0 uwsgi --plugins python3 --http-socket "127.0.0.1:$PORT" --processes 1 --threads 1 \
   --logto "$WORK/uwsgi.log" --wsgi-file webapp.py) & SPID=$!
wait_port; measure "uwsgi-blocking" "http://127.0.0.1:$PORT/" 20000; stop; sleep 0.5
for m in $MODES; do
  taskset -c 0 "$JDK/bin/java" -Xms512m -Xmx512m -XX:+UseSerialGC -jar "$WORK/hayate.jar" demo --mode "$m" \
    --port "$PORT" --logto "$WORK/hayate-$m.log" > "$WORK/hayate-$m.out" 2>&1 & SPID=$!
  wait_port; measure "hayate-$m" "http://127.0.0.1:$PORT/numbers" 20000; stop; sleep 0.5
done

echo "| server | ab -n $N -c $C req/s (median of $RUNS) | req per server CPU-s | vs uWSGI blocking |"
echo "|---|---|---|---|"
base=$(awk '$1=="uwsgi-blocking"{print $2}' "$WORK/results" | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}')
for name in $(awk '{print $1}' "$WORK/results" | uniq); do
  med=$(awk -v n="$name" '$1==n{print $2}' "$WORK/results" | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}')
  cpu=$(awk -v n="$name" '$1==n{print $3}' "$WORK/results" | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}')
  runs=$(awk -v n="$name" '$1==n{printf "%s%s", sep, $2; sep=", "}' "$WORK/results")
  echo "| $name | $med [$runs] | $cpu | $(awk -v a="$med" -v b="$base" 'BEGIN{printf "%.2f×", a/b}') |"
done
