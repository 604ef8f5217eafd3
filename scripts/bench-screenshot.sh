#!/usr/bin/env bash
# Opens a `mqtt bench --html` page in headless Chromium and saves a PNG
# screenshot: the picture README.md links to (docs/bench-report.png).
#
# Usage: scripts/bench-screenshot.sh [REPORT.html [OUT.png]]
#   Without a page, runs a short `mqtt bench --embedded` (2 -> 2, QoS 1,
#   paced) with the mqtt given by $MQTT (default target/debug/mqtt) to make one.
# Needs: chromium (Debian package `chromium`); pngquant, when installed,
# shrinks the PNG.
set -euo pipefail
cd "$(dirname "$0")/.."
MQTT=${MQTT:-target/debug/mqtt}
page=${1:-}
out=${2:-docs/bench-report.png}

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
if [ -z "$page" ]; then
    page=$dir/report.html
    "$MQTT" bench --embedded --publishers 2 --subscribers 2 -q 1 --rate 1k \
        --warmup 2s --duration 8s --html "$page" > /dev/null
fi

# A fresh profile, and nothing started that would reach the network.
chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run \
    --user-data-dir="$dir/profile" --screenshot="$dir/page.png" --window-size=1200,1600 \
    "file://$(realpath "$page")" 2> "$dir/chromium.log" \
    || { cat "$dir/chromium.log" >&2; exit 1; }

if command -v pngquant > /dev/null 2>&1; then
    pngquant --quality 60-90 --speed 1 --force --output "$out" "$dir/page.png"
else
    cp "$dir/page.png" "$out"
fi
echo "wrote $out ($(wc -c < "$out") bytes)" >&2
