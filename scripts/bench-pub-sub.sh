#!/usr/bin/env bash
# Measures `mqtt pub -l` against `mosquitto_pub -l` and `mqtt sub -v`
# against `mosquitto_sub -v`, on one mosquitto started here on a free
# loopback port. Prints one Markdown table row per run (see BENCHMARKS.md,
# section "pub and sub").
#
# Usage: scripts/bench-pub-sub.sh [path/to/mqtt]   (default target/release/mqtt)
# Environment: LINES_Q0 (200000), LINES_Q12 (50000), DRAIN (200000).
set -euo pipefail
MQTT=${1:-target/release/mqtt}
LINES_Q0=${LINES_Q0:-200000}
LINES_Q12=${LINES_Q12:-50000}
DRAIN=${DRAIN:-200000}

dir=$(mktemp -d)
trap 'kill "$broker" 2>/dev/null || true; rm -rf "$dir"' EXIT
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat > "$dir/mosquitto.conf" <<CONF
listener $port 127.0.0.1
allow_anonymous true
persistence false
# The drain test queues 2 x DRAIN messages for offline sessions.
max_queued_messages 0
max_queued_bytes 0
CONF
/usr/sbin/mosquitto -c "$dir/mosquitto.conf" 2> "$dir/broker.log" &
broker=$!
sleep 0.5

# ~25-byte lines: "msg-" + 20 digits.
seq -f 'msg-%020.0f' 1 "$LINES_Q0" > "$dir/lines-q0"
head -n "$LINES_Q12" "$dir/lines-q0" > "$dir/lines-q12"

# field NAME FILE: a value from /usr/bin/time -v output.
field() { grep -F "$1" "$2" | sed 's/.*: //'; }
seconds() { # h:mm:ss or m:ss.ss -> seconds
    awk -F: '{ if (NF == 3) print $1 * 3600 + $2 * 60 + $3; else print $1 * 60 + $2 }' <<< "$1"
}
# broker_cpu: mosquitto's user + system CPU seconds so far (/proc/PID/stat).
broker_cpu() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$broker/stat"; }
report() { # TOOL TEST COUNT EXPECTED TIMEFILE [BROKER_CPU_BEFORE BROKER_CPU_AFTER]
    local wall user sys rss rate busy
    wall=$(seconds "$(field 'Elapsed (wall clock)' "$5")")
    user=$(field 'User time' "$5"); sys=$(field 'System time' "$5")
    rss=$(field 'Maximum resident' "$5")
    rate=$(awk -v n="$3" -v w="$wall" 'BEGIN { printf "%.0f", (w > 0 ? n / w : 0) }')
    # The broker's share of one core while the measured process ran.
    busy=$(awk -v a="${6:-0}" -v b="${7:-0}" -v w="$wall" 'BEGIN { printf "%.0f %%", (w > 0 ? (b - a) / w * 100 : 0) }')
    printf '| %s | %s | %s / %s | %.2f | %s | %s | %s | %s | %s |\n' \
        "$2" "$1" "$3" "$4" "$wall" "$rate" "$user" "$sys" "$rss" "$busy"
}

echo '| test | tool | delivered / sent | wall s | msg/s | user s | sys s | max RSS KiB | mosquitto CPU |'
echo '|---|---|---:|---:|---:|---:|---:|---:|---:|'
for qos in 0 1 2; do
    if [ "$qos" = 0 ]; then lines="$dir/lines-q0"; n=$LINES_Q0; else lines="$dir/lines-q12"; n=$LINES_Q12; fi
    for tool in mqtt mosquitto_pub; do
        topic="bench/$tool/q$qos"
        # The counter is the same for both publishers: it ends 3 s after the last message.
        "$MQTT" sub -p "$port" -t "$topic" -q "$qos" --idle-timeout 3s > "$dir/count" &
        counter=$!
        sleep 0.5
        before=$(broker_cpu)
        if [ "$tool" = mqtt ]; then
            /usr/bin/time -v -o "$dir/time" "$MQTT" pub -p "$port" -t "$topic" -q "$qos" -l < "$lines"
        else
            /usr/bin/time -v -o "$dir/time" mosquitto_pub -p "$port" -t "$topic" -q "$qos" -l < "$lines"
        fi
        after=$(broker_cpu)
        wait "$counter" || true
        report "$( [ "$tool" = mqtt ] && echo 'mqtt pub -l' || echo 'mosquitto_pub -l')" \
            "pub QoS $qos" "$(wc -l < "$dir/count")" "$n" "$dir/time" "$before" "$after"
    done
done

# Drain: both sessions subscribe, go away, DRAIN QoS 1 messages are queued
# for each, then each client drains its queue into a pipe.
"$MQTT" sub -p "$port" -i drain-mqtt -c -q 1 -t drain -E
mosquitto_sub -p "$port" -V 5 -i drain-mosq -c -q 1 -t drain -E
# Seeded with mqtt pub, which returns only once every message is acknowledged
# (mosquitto_pub -l -q 1 2.0.11 can exit with lines unsent, see BENCHMARKS.md).
seq -f 'msg-%020.0f' 1 "$DRAIN" | "$MQTT" pub -p "$port" -t drain -q 1 -l
before=$(broker_cpu)
/usr/bin/time -v -o "$dir/time" "$MQTT" sub -p "$port" -i drain-mqtt -c -q 1 -t drain -v -C "$DRAIN" -W 300 | wc -l > "$dir/count"
report 'mqtt sub -v' 'drain QoS 1' "$(cat "$dir/count")" "$DRAIN" "$dir/time" "$before" "$(broker_cpu)"
before=$(broker_cpu)
/usr/bin/time -v -o "$dir/time" mosquitto_sub -p "$port" -V 5 -i drain-mosq -c -q 1 -t drain -v -C "$DRAIN" -W 300 | wc -l > "$dir/count"
report 'mosquitto_sub -v' 'drain QoS 1' "$(cat "$dir/count")" "$DRAIN" "$dir/time" "$before" "$(broker_cpu)"
