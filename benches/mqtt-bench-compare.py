#!/usr/bin/env python3
"""Side-by-side load generator comparison for BENCHMARKS.md ("bench").

One mosquitto, started here on a free loopback port, serves every run.
For QoS 0, 1 and 2 (1 publisher -> 1 subscriber, 64-byte payloads,
saturating), each tool runs three times, interleaved, and the medians are
reported: delivered msg/s, the client's CPU per delivered message
(user+system of the tool's process, from RUSAGE_CHILDREN) and mosquitto's
CPU per delivered message (/proc/PID/stat before and after).

Also: publisher scaling (1, 10, 100, 1000 publishers) and 10,000 held
connections from one process.

usage: mqtt-bench-compare.py MQTT RUMQTTC_FLOOD MQTTV5 [--only compare|scaling|paced|connections]
"""

import json
import os
import re
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time

TICKS = os.sysconf("SC_CLK_TCK")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_mosquitto(directory):
    port = free_port()
    conf = os.path.join(directory, "mosquitto.conf")
    with open(conf, "w") as f:
        f.write(f"listener {port} 127.0.0.1\nallow_anonymous true\nmax_connections -1\n"
                "persistence false\nlog_dest none\n")
    # mosquitto needs one descriptor per connection: give it the hard limit.
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    def raise_limit():
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    proc = subprocess.Popen(["/usr/sbin/mosquitto", "-c", conf], preexec_fn=raise_limit,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            return proc, port
        except OSError:
            time.sleep(0.02)
    raise SystemExit("mosquitto did not start")


def proc_cpu(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def quiesce(broker_pid, limit=60.0):
    """Waits until mosquitto is idle (a previous run's backlog drained)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        before = proc_cpu(broker_pid)
        time.sleep(0.3)
        if proc_cpu(broker_pid) - before < 0.01:
            return
    print("  warning: mosquitto never went idle", file=sys.stderr)


def run_tool(argv, broker_pid):
    quiesce(broker_pid)
    before_children = resource.getrusage(resource.RUSAGE_CHILDREN)
    broker_before = proc_cpu(broker_pid)
    started = time.monotonic()
    out = subprocess.run(argv, capture_output=True, text=True, timeout=300)
    wall = time.monotonic() - started
    broker_cpu = proc_cpu(broker_pid) - broker_before
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    client_cpu = (after.ru_utime - before_children.ru_utime) + (after.ru_stime - before_children.ru_stime)
    return out, client_cpu, broker_cpu, wall


def mqtt_run(mqtt, port, qos, count, like_rumqttc):
    argv = [mqtt, "bench", "-h", "127.0.0.1", "-p", str(port), "-q", str(qos), "--count", str(count),
            "--warmup", "0s", "--rate", "0", "--json", "-", "--no-sys", "--quiet"]
    if like_rumqttc:
        # rumqttc-flood speaks MQTT 3.1.1 with 1000 messages in flight.
        argv += ["-V", "311", "--inflight", "1000"]
    return argv


def parse_mqtt(out):
    report = json.loads(out.stdout)
    received = report["delivery"]["received"]
    return report["totals"]["recv_rate"], received, report


def parse_rumqttc(out):
    m = re.search(r"received=(\d+) elapsed=([\d.]+)s rate=(\d+)", out.stdout)
    if not m:
        raise RuntimeError(f"rumqttc-flood: {out.stdout}{out.stderr}")
    return float(m.group(3)), int(m.group(1)), None


def parse_mqttv5(out):
    text = out.stdout
    start = text.index("{")
    report = json.loads(text[start:text.rindex("}") + 1])
    results = report["results"]
    return float(results["throughput_avg"]), int(results["received"]), report


def compare(tools, port, broker_pid, repeats=3):
    mqtt, flood, mqttv5 = tools
    counts = {0: 500_000, 1: 200_000, 2: 100_000}
    rows = []
    for qos in (0, 1, 2):
        samples = {"mqtt bench": [], "mqtt bench -V 311 --inflight 1000": [], "rumqttc-flood": [],
                   "mqttv5 bench": []}
        notes = {}
        for _ in range(repeats):
            for name in samples:
                if name.startswith("mqtt bench"):
                    argv, parse = mqtt_run(mqtt, port, qos, counts[qos], name != "mqtt bench"), parse_mqtt
                elif name == "rumqttc-flood":
                    argv, parse = [flood, str(port), str(qos), str(counts[qos])], parse_rumqttc
                else:
                    argv = [mqttv5, "bench", "--host", "127.0.0.1", "--port", str(port), "--qos", str(qos),
                            "--duration", "5", "--warmup", "1", "--payload-size", "64", "--inflight", "1000"]
                    parse = parse_mqttv5
                out, client_cpu, broker_cpu, wall = run_tool(argv, broker_pid)
                try:
                    rate, received, report = parse(out)
                except Exception as error:  # keep going; report the failure
                    print(f"  {name} qos {qos}: unparsable output: {error}\n{out.stderr[-2000:]}", file=sys.stderr)
                    continue
                if report is not None and name.startswith("mqtt bench"):
                    lost = report["delivery"]["lost"]
                    limited = report["self_check"]["generator_limited"]
                    print(f"    (lost {lost}, generator_limited {limited})", file=sys.stderr)
                samples[name].append((rate, client_cpu * 1e6 / max(received, 1),
                                      broker_cpu * 1e6 / max(received, 1), received))
                print(f"  qos {qos} {name}: {rate:,.0f} msg/s, client {client_cpu * 1e6 / max(received, 1):.2f} us/msg, "
                      f"mosquitto {broker_cpu * 1e6 / max(received, 1):.2f} us/msg, {received} delivered, {wall:.1f} s",
                      file=sys.stderr)
        for name, values in samples.items():
            if not values:
                continue
            rows.append((qos, name, statistics.median(v[0] for v in values),
                         statistics.median(v[1] for v in values), statistics.median(v[2] for v in values),
                         len(values), {}))
    print("| QoS | tool | delivered msg/s (median of 3) | client CPU µs/msg | mosquitto CPU µs/msg |")
    print("|---:|---|---:|---:|---:|")
    for qos, name, rate, client, broker, n, _ in rows:
        print(f"| {qos} | {name} | {rate:,.0f} | {client:.2f} | {broker:.2f} |")


def scaling(mqtt, port, broker_pid, repeats=3):
    """QoS 1, saturating: N publishers -> N subscribers in pairs (delivered
    msg/s), and N publishers alone (acknowledged msg/s). Saturating QoS 0
    measures how much the TCP buffers absorb, so it is left out."""
    print("| publishers | scenario | msg/s (median of 3) | bench CPU µs/msg | mosquitto CPU µs/msg | generator limited |")
    print("|---:|---|---:|---:|---:|---|")
    for pairs in (True, False):
        for publishers in (1, 10, 100, 1000):
            values = []
            for _ in range(repeats):
                if pairs:
                    argv = [mqtt, "bench", "-h", "127.0.0.1", "-p", str(port), "-q", "1",
                            "--publishers", str(publishers), "--subscribers", str(publishers)]
                else:
                    argv = [mqtt, "bench", "pub", "-h", "127.0.0.1", "-p", str(port), "-q", "1",
                            "--publishers", str(publishers)]
                argv += ["--duration", "4s", "--warmup", "1s", "--rate", "0", "--json", "-", "--no-sys", "--quiet"]
                out, client_cpu, broker_cpu, wall = run_tool(argv, broker_pid)
                report = json.loads(out.stdout)
                key = "received" if pairs else "completed"
                done = max(sum(row[key] for row in report["series"]), 1)
                rate = report["totals"]["recv_rate" if pairs else "completed_rate"]
                values.append((rate, client_cpu * 1e6 / done, broker_cpu * 1e6 / done,
                               report["self_check"]["generator_limited"]))
                print(f"  {publishers} publishers pairs={pairs}: {values[-1]}, {wall:.1f} s", file=sys.stderr)
            scenario = f"{publishers} -> {publishers} subscribers, delivered" if pairs else "publishers only, acknowledged"
            print(f"| {publishers} | {scenario} | {statistics.median(v[0] for v in values):,.0f} | "
                  f"{statistics.median(v[1] for v in values):.2f} | {statistics.median(v[2] for v in values):.2f} | "
                  f"{sum(v[3] for v in values)} of {len(values)} |")


def paced(mqtt, port, broker_pid, repeats=3):
    """Open-loop precision: QoS 0 at fixed rates, 10 s each."""
    print("| publishers -> subscribers | rate | schedule lag p50 / p99 | e2e p50 / p99 (from intended) | bench CPU µs/msg | generator limited |")
    print("|---|---:|---:|---:|---:|---|")
    for pairs, rate in ((1, "1k"), (1, "10k"), (1, "50k"), (10, "100k")):
        values = []
        for _ in range(repeats):
            argv = [mqtt, "bench", "-h", "127.0.0.1", "-p", str(port), "-q", "0",
                    "--publishers", str(pairs), "--subscribers", str(pairs), "--rate", rate,
                    "--duration", "10s", "--warmup", "1s", "--json", "-", "--no-sys", "--quiet"]
            out, client_cpu, broker_cpu, wall = run_tool(argv, broker_pid)
            report = json.loads(out.stdout)
            lag, e2e = report["latency"]["schedule_lag"], report["latency"]["e2e"]
            done = max(sum(row["received"] for row in report["series"]), 1)
            values.append((lag["p50_us"], lag["p99_us"], e2e["p50_us"], e2e["p99_us"], client_cpu * 1e6 / done,
                           report["self_check"]["generator_limited"]))
            print(f"  paced {pairs} {rate}: {values[-1]}", file=sys.stderr)
        med = lambda i: statistics.median(v[i] for v in values)
        print(f"| {pairs} -> {pairs} | {rate}/s | {med(0):.0f} / {med(1):.0f} µs | {med(2):.0f} / {med(3):.0f} µs | "
              f"{med(4):.2f} | {sum(v[5] for v in values)} of {len(values)} |")


def connections(mqtt, port, broker_pid, count=10_000):
    argv = [mqtt, "bench", "conn", "-h", "127.0.0.1", "-p", str(port), "-n", str(count),
            "--connect-rate", "2000", "--hold", "5s", "--json", "-", "--no-sys", "--quiet"]
    out, client_cpu, broker_cpu, wall = run_tool(argv, broker_pid)
    report = json.loads(out.stdout)
    rss = report["self_check"].get("max_rss_bytes", 0) / 1048576
    connect = report["latency"]["connect"]
    print(f"| connections | accepted | peak RSS | client CPU | connect p50 | connect p99 |")
    print("|---:|---:|---:|---:|---:|---:|")
    print(f"| {count:,} | {report['totals']['completed']:,} | {rss:.1f} MiB | {client_cpu:.2f} s | "
          f"{connect['p50_us']:.0f} µs | {connect['p99_us']:.0f} µs |")
    if out.returncode != 0:
        print(out.stderr, file=sys.stderr)


def main():
    mqtt, flood, mqttv5 = sys.argv[1:4]
    only = sys.argv[5] if len(sys.argv) > 5 and sys.argv[4] == "--only" else None
    with tempfile.TemporaryDirectory() as directory:
        broker, port = start_mosquitto(directory)
        try:
            version = subprocess.run(["/usr/sbin/mosquitto", "-h"], capture_output=True, text=True).stdout.splitlines()[0]
            print(f"broker: {version} on 127.0.0.1:{port}; host: {os.cpu_count()} CPUs, {os.uname().release}")
            if only in (None, "compare"):
                compare((mqtt, flood, mqttv5), port, broker.pid)
            if only in (None, "scaling"):
                scaling(mqtt, port, broker.pid)
            if only in (None, "paced"):
                paced(mqtt, port, broker.pid)
            if only in (None, "connections"):
                connections(mqtt, port, broker.pid)
        finally:
            broker.terminate()
            broker.wait()


if __name__ == "__main__":
    main()
