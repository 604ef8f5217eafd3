#!/usr/bin/env bash
# Renders docs/watch.png: `mqtt watch` running in tmux against a mosquitto
# started here on a free loopback port, fed by mosquitto_pub, captured with
# its colours (tmux capture-pane -e) and drawn by scripts/ansi-png.py.
#
# Usage: scripts/watch-screenshot.sh [path/to/mqtt]   (default target/debug/mqtt)
# Needs: mosquitto, mosquitto-clients, tmux, python3-pil, fonts-dejavu-core
# (apt-get install …).
set -euo pipefail
cd "$(dirname "$0")/.."
MQTT=$(realpath "${1:-target/debug/mqtt}")
OUT=${OUT:-docs/watch.png}

dir=$(mktemp -d)
socket="$dir/tmux.sock"
tmux_() { tmux -S "$socket" -f /dev/null "$@"; }
trap 'tmux_ kill-server 2>/dev/null || true; kill "$broker" 2>/dev/null || true; rm -rf "$dir"' EXIT
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
printf 'listener %s 127.0.0.1\nallow_anonymous true\n' "$port" > "$dir/mosquitto.conf"
mosquitto -c "$dir/mosquitto.conf" >/dev/null 2>&1 &
broker=$!
pub() { mosquitto_pub -h 127.0.0.1 -p "$port" "$@"; }
for _ in $(seq 50); do pub -t ready -n 2>/dev/null && break; sleep 0.1; done

pub -r -t home/hall/light -m on
pub -r -t home/hall/door -m closed
pub -r -t factory/line1/state -m running
tmux_ new-session -d -x 130 -y 36 "TERM=xterm-256color '$MQTT' watch -p $port -i screenshot; sleep 60"
sleep 1
pub -t home/kitchen/temp -m "22.4 °C" -V 5 -D publish content-type text/plain -D publish user-property unit celsius
# Temperatures on a sine, one message every 0.1 s, still running at the capture.
/usr/bin/python3 -c 'import math; [print(f"{21 + 1.5 * math.sin(i / 4):.1f} °C") for i in range(400)]' > "$dir/temps"
(
    i=0
    while read -r temp; do
        pub -t home/kitchen/temp -m "$temp"
        pub -t home/kitchen/humidity -m "$((40 + i % 7))%"
        pub -t factory/line1/motor -m "{\"rpm\": $((1200 + i * 3)), \"temp\": 61.5}"
        i=$((i + 1))
        sleep 0.1
    done < "$dir/temps"
) &
feeder=$!
trap 'kill "$feeder" 2>/dev/null || true; tmux_ kill-server 2>/dev/null || true; kill "$broker" 2>/dev/null || true; rm -rf "$dir"' EXIT
sleep 2
# factory → home (expand) → hall (expand) → door → light → kitchen (expand) → humidity → temp
tmux_ send-keys Down Right Down Right Down Down Down Right Down Down
sleep 8
tmux_ capture-pane -e -p > "$dir/screen.txt"
/usr/bin/python3 scripts/ansi-png.py "$dir/screen.txt" "$OUT"
echo "wrote $OUT"
