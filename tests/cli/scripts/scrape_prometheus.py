"""Scrapes a Prometheus endpoint and parses it with Prometheus's reference
Python parser (prometheus_client); prints one JSON object per sample:
{"name": ..., "labels": {...}, "value": ...}.

Usage: scrape_prometheus.py URL
Exit 2 when prometheus_client is missing, 3 when the scrape fails, 4 when
the text does not parse.
"""
import json
import sys
import urllib.request

try:
    from prometheus_client.parser import text_string_to_metric_families
except ImportError as err:
    print(f"prometheus_client is not installed (pip install prometheus-client): {err}", file=sys.stderr)
    sys.exit(2)

try:
    with urllib.request.urlopen(sys.argv[1], timeout=10) as response:
        content_type = response.headers.get("Content-Type", "")
        text = response.read().decode("utf-8")
except Exception as err:
    print(f"scrape failed: {err}", file=sys.stderr)
    sys.exit(3)
if not content_type.startswith("text/plain"):
    print(f"unexpected Content-Type {content_type!r}", file=sys.stderr)
    sys.exit(4)
try:
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            print(json.dumps({"name": sample.name, "type": family.type, "labels": sample.labels, "value": sample.value}))
except Exception as err:
    print(f"not valid exposition text: {err}\n{text}", file=sys.stderr)
    sys.exit(4)
