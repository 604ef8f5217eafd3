#!/usr/bin/env bash
# Measures what `--decode sparkplug` costs `mqtt sub --json` when it drains
# a queue: two persistent sessions get the same DRAIN Sparkplug messages
# (a DBIRTH with 10 aliased metrics, then DDATA by alias with 10 metrics),
# then `mqtt sub --json` drains one and `mqtt sub --decode sparkplug --json`
# the other, into a pipe. Prints one Markdown table row per drain (see
# BENCHMARKS.md, section "Payload codecs").
#
# Usage: scripts/bench-decode-drain.sh [path/to/mqtt]   (default target/release/mqtt)
# Environment: DRAIN (200000).
set -euo pipefail
MQTT=${1:-target/release/mqtt}
DRAIN=${DRAIN:-200000}

dir=$(mktemp -d)
trap 'kill "$broker" 2>/dev/null || true; rm -rf "$dir"' EXIT
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat > "$dir/mosquitto.conf" <<CONF
listener $port 127.0.0.1
allow_anonymous true
persistence false
max_queued_messages 0
max_queued_bytes 0
CONF
/usr/sbin/mosquitto -c "$dir/mosquitto.conf" 2> "$dir/broker.log" &
broker=$!
sleep 0.5

# The messages as `pub --json-lines --encode sparkplug` input: seq and
# timestamp are filled in by the encoder, so the stream has no gaps.
python3 - "$DRAIN" > "$dir/lines" <<'PY'
import json, sys
n = int(sys.argv[1])
kinds = ["Int32", "Double", "Boolean", "String", "UInt64", "Float", "Int64", "Int16", "DateTime", "Text"]
def value(kind, i):
    return {"Double": 20.5 + i, "Float": 1.5 + i, "Boolean": i % 2 == 0, "String": f"value {i}",
            "Text": f"text {i}", "UInt64": 1700000000000 + i, "DateTime": 1700000000000 + i}.get(kind, -7 * (i % 1000))
topic = "spBv1.0/plant/DDATA/edge1/pump"
birth = [{"name": f"Line 1/Motor {i}/{k}", "alias": i, "type": k, "value": value(k, i)} for i, k in enumerate(kinds)]
print(json.dumps({"topic": "spBv1.0/plant/DBIRTH/edge1/pump", "decoded": {"metrics": birth}}))
for m in range(n - 1):
    metrics = [{"alias": i, "type": k, "value": value(k, m + i)} for i, k in enumerate(kinds)]
    print(json.dumps({"topic": topic, "decoded": {"metrics": metrics}}))
PY

for id in drain-plain drain-decode; do
    "$MQTT" sub -p "$port" -c -q 1 -i "$id" -t 'spBv1.0/#' -E
done
"$MQTT" pub -p "$port" -q 1 --json-lines --encode sparkplug < "$dir/lines"

echo '| drain | messages | wall s | msg/s | user s | sys s |'
echo '|---|---:|---:|---:|---:|---:|'
run() { # NAME ID ARGS...
    local name=$1 id=$2; shift 2
    /usr/bin/time -f '%e %U %S' -o "$dir/time" \
        "$MQTT" sub -p "$port" -c -q 1 -i "$id" -t 'spBv1.0/#' --json -C "$DRAIN" "$@" > "$dir/out" 2> "$dir/err"
    read -r wall user sys < "$dir/time"
    local got; got=$(wc -l < "$dir/out")
    awk -v name="$name" -v n="$got" -v w="$wall" -v u="$user" -v s="$sys" \
        'BEGIN { printf "| %s | %d | %.2f | %.0f | %.2f | %.2f |\n", name, n, w, (w > 0 ? n / w : 0), u, s }'
    if [ -s "$dir/err" ]; then sed 's/^/    stderr: /' "$dir/err" | head -5 >&2; fi
}
run 'sub --json' drain-plain
run 'sub --decode sparkplug --json' drain-decode --decode sparkplug
