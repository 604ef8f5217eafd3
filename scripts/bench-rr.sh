#!/usr/bin/env bash
# Measures `mqtt rr` round trips against `mosquitto_rr` run in a loop, both
# answered by one `mqtt rr --respond -- cat` on one mosquitto started here
# on a free loopback port (see BENCHMARKS.md, section "rr").
#
# Usage: scripts/bench-rr.sh [path/to/mqtt]   (default target/release/mqtt)
# Environment: LOOP (200 one-shot runs per tool), PIPELINED (2000 -l requests),
#              CONCURRENCY (8 commands at once in the responder).
set -euo pipefail
MQTT=${1:-target/release/mqtt}
LOOP=${LOOP:-200}
PIPELINED=${PIPELINED:-2000}
CONCURRENCY=${CONCURRENCY:-8}

dir=$(mktemp -d)
trap 'kill "$responder" "$broker" 2>/dev/null || true; rm -rf "$dir"' EXIT
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
printf 'listener %s 127.0.0.1\nallow_anonymous true\npersistence false\n' "$port" > "$dir/mosquitto.conf"
/usr/sbin/mosquitto -c "$dir/mosquitto.conf" 2> "$dir/broker.log" &
broker=$!
sleep 0.5
"$MQTT" rr --respond -p "$port" -t bench/req --concurrency "$CONCURRENCY" --quiet -- cat &
responder=$!
sleep 0.5

now() { date +%s.%N; }
rate() { awk -v n="$1" -v s="$2" -v e="$3" 'BEGIN { printf "%.0f req/s, %.2f ms each", n / (e - s), 1000 * (e - s) / n }'; }

# Latency as mqtt rr reports it (publish to response), LOOP one-shot runs.
for _ in $(seq "$LOOP"); do
    "$MQTT" rr -p "$port" -t bench/req -m x --latency 2>&1 >/dev/null | sed -n 's/^Latency: //p'
done > "$dir/latency"
# mosquitto_rr's wording mixes units (ns, µs, ms, s); all in ms here.
awk '/ns$/ { print $0 / 1e6; next } /µs$/ { print $0 / 1e3; next } /ms$/ { print $0 + 0; next } { print $0 * 1000 }' \
    "$dir/latency" | sort -g > "$dir/latency-ms"
echo "mqtt rr --latency over $LOOP runs, ms (median, p90, max):" \
    "$(awk '{ a[NR] = $0 } END { printf "%.2f %.2f %.2f", a[int(NR / 2) + 1], a[int(NR * 0.9)], a[NR] }' "$dir/latency-ms")"

# One process per request: LOOP runs of each tool, wall time.
start=$(now)
for _ in $(seq "$LOOP"); do "$MQTT" rr -p "$port" -t bench/req -m x > /dev/null; done
echo "mqtt rr, one process per request:       $(rate "$LOOP" "$start" "$(now)")"
start=$(now)
for _ in $(seq "$LOOP"); do mosquitto_rr -p "$port" -t bench/req -e bench/resp -m x > /dev/null; done
echo "mosquitto_rr, one process per request:  $(rate "$LOOP" "$start" "$(now)")"

# Pipelined: PIPELINED requests from one mqtt rr -l.
seq "$PIPELINED" > "$dir/requests"
start=$(now)
"$MQTT" rr -p "$port" -t bench/req -l -W 300 < "$dir/requests" | wc -l > "$dir/answered"
echo "mqtt rr -l, $PIPELINED pipelined requests ($(cat "$dir/answered") answered): $(rate "$PIPELINED" "$start" "$(now)")"
