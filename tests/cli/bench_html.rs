//! `mqtt bench --html` and `mqtt bench merge --html` against a real
//! mosquitto: the page's figures equal the JSON report of the same run, the
//! page references nothing outside itself, and a real browser (headless
//! Chromium) renders it.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use mqtt_test_support::Mosquitto;
use serde_json::Value;

use crate::support::{mqtt, run, wait_bounded};

/// A short paced QoS 1 run with two publishers and two subscribers.
const SCENARIO: [&str; 10] =
    ["--publishers", "2", "--subscribers", "2", "-q", "1", "--count", "60", "--rate", "300"];

fn bench_to(broker: &Mosquitto, dir: &Path, name: &str, extra: &[&str]) -> (PathBuf, PathBuf) {
    let html = dir.join(format!("{name}.html"));
    let json = dir.join(format!("{name}.json"));
    let mut command = mqtt();
    command
        .args(["bench", "-h", "127.0.0.1", "-p", &broker.port().to_string()])
        .args(SCENARIO)
        .args(["--warmup", "200ms"])
        .args(extra)
        .arg("--html")
        .arg(&html)
        .arg("--json")
        .arg(&json);
    let outcome = run(&mut command, b"");
    assert_eq!(outcome.code(), 0, "{}", outcome.stderr);
    (html, json)
}

fn read_json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

fn unescape(text: &str) -> String {
    text.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The page's `data-field` / `data-value` pairs.
fn figures(page: &str) -> Vec<(String, String)> {
    page.split("data-field=\"")
        .skip(1)
        .map(|rest| {
            let (field, rest) = rest.split_once('"').expect("field is quoted");
            let rest = rest.strip_prefix(" data-value=\"").expect("a value follows the field");
            let (value, _) = rest.split_once('"').expect("value is quoted");
            (unescape(field), unescape(value))
        })
        .collect()
}

/// Every figure on the page equals the JSON's value at its pointer; returns
/// the pointers seen.
fn assert_page_matches(page: &str, json: &Value) -> Vec<String> {
    let found = figures(page);
    for (field, shown) in &found {
        let value = json.pointer(field).unwrap_or_else(|| panic!("{field} is not in the JSON"));
        let expected = match value {
            Value::String(text) => text.clone(),
            other => other.to_string(),
        };
        if let (Ok(a), Some(b)) = (shown.parse::<f64>(), value.as_f64()) {
            assert_eq!(a, b, "{field}: page {shown}, JSON {value}");
        } else {
            assert_eq!(shown, &expected, "{field}");
        }
    }
    found.into_iter().map(|(field, _)| field).collect()
}

/// No `src`/`href` and no script: opening the page fetches nothing.
fn assert_self_contained(page: &str) {
    for needle in ["<script", "<link", "src=", "href=", "url(", "@import"] {
        assert!(!page.contains(needle), "the page has {needle}");
    }
    let urls = page.matches("http://").count() + page.matches("https://").count();
    let svg_namespaces = page.matches("xmlns=\"http://www.w3.org/2000/svg\"").count();
    assert_eq!(urls, svg_namespaces, "only SVG namespace identifiers name a URL");
}

const KEY_FIGURES: [&str; 12] = [
    "/verdict/passed",
    "/totals/sent",
    "/totals/received",
    "/totals/recv_rate",
    "/latency/e2e/p50_us",
    "/latency/e2e/p99_us",
    "/latency/e2e/max_us",
    "/latency/pub_ack/p99_us",
    "/latency/connect/p99_us",
    "/delivery/lost",
    "/delivery/duplicates",
    "/config/broker",
];

#[test]
fn html_page_figures_equal_the_json_report() {
    let broker = Mosquitto::start();
    let dir = tempfile::tempdir().unwrap();
    let (html, json) = bench_to(&broker, dir.path(), "run", &[]);
    let page = std::fs::read_to_string(html).unwrap();
    let json = read_json(&json);
    assert_eq!(json["totals"]["sent"], 120, "the run happened: {json:#}");
    let fields = assert_page_matches(&page, &json);
    for pointer in KEY_FIGURES {
        assert!(fields.iter().any(|field| field == pointer), "{pointer} is not on the page");
    }
    for chart in ["latency-percentiles", "throughput-over-time", "latency-over-time"] {
        assert!(page.contains(&format!("<figure data-chart=\"{chart}\">")), "{chart}");
    }
    assert_self_contained(&page);
}

#[test]
fn merge_html_page_figures_equal_the_merged_json() {
    let broker = Mosquitto::start();
    let dir = tempfile::tempdir().unwrap();
    let (_, shard0) = bench_to(&broker, dir.path(), "shard0", &["--shard", "0/2"]);
    let (_, shard1) = bench_to(&broker, dir.path(), "shard1", &["--shard", "1/2"]);
    let (html, json) = (dir.path().join("merged.html"), dir.path().join("merged.json"));
    let mut merge = mqtt();
    merge.args(["bench", "merge"]).arg(&shard0).arg(&shard1);
    merge.arg("--html").arg(&html).arg("--json").arg(&json);
    let outcome = run(&mut merge, b"");
    assert_eq!(outcome.code(), 0, "{}", outcome.stderr);
    let page = std::fs::read_to_string(html).unwrap();
    let json = read_json(&json);
    assert_eq!(json["totals"]["sent"], 120, "both shards merged: {json:#}");
    let fields = assert_page_matches(&page, &json);
    for pointer in KEY_FIGURES.iter().copied().chain(["/context/merged_from/1/host"]) {
        assert!(fields.iter().any(|field| field == pointer), "{pointer} is not on the page");
    }
    assert!(page.contains("merged from 2 shard reports"));
    assert_self_contained(&page);
}

/// `$CHROMIUM`, else `chromium` on `PATH`; .ci/run installs Debian's.
fn chromium() -> PathBuf {
    if let Some(path) = std::env::var_os("CHROMIUM") {
        return PathBuf::from(path);
    }
    std::env::var_os("PATH")
        .iter()
        .flat_map(std::env::split_paths)
        .map(|dir| dir.join("chromium"))
        .find(|path| path.is_file())
        .unwrap_or_else(|| {
            panic!("chromium not found on PATH (set $CHROMIUM); .ci/run installs it: apt-get install chromium")
        })
}

/// Width and height from a PNG's IHDR chunk.
fn png_size(png: &[u8]) -> (u32, u32) {
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n") && &png[12..16] == b"IHDR", "not a PNG");
    let word = |at: usize| u32::from_be_bytes(png[at..at + 4].try_into().unwrap());
    (word(16), word(20))
}

#[test]
fn html_page_renders_in_headless_chromium() {
    let broker = Mosquitto::start();
    let dir = tempfile::tempdir().unwrap();
    let (html, _) = bench_to(&broker, dir.path(), "run", &[]);
    let profile = dir.path().join("chromium-profile");
    let screenshot = dir.path().join("page.png");
    let mut child = Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--window-size=1200,1600",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--screenshot={}", screenshot.display()))
        .arg(format!("file://{}", html.display()))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromium");
    let status = wait_bounded(&mut child, Duration::from_secs(60));
    assert!(status.success(), "chromium failed: {status}");
    let png = std::fs::read(&screenshot).expect("chromium wrote the screenshot");
    assert_eq!(png_size(&png), (1200, 1600));
    // A blank white page compresses to a few kilobytes; charts and tables don't.
    assert!(png.len() > 40_000, "the screenshot looks empty ({} bytes)", png.len());
}
