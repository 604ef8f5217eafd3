//! The page against the JSON document of the same report: every figure it
//! carries equals the JSON's, untrusted text is escaped, nothing is fetched.

use serde_json::Value;

use super::{escape, HtmlExporter};
use crate::errors::{ErrorEntry, Stage};
use crate::export::Exporter;
use crate::fixtures;
use crate::merge::{merge, Input};
use crate::recorder::Phase;
use crate::report::{CheckOutcome, Report};
use crate::shard::ShardId;

fn page(report: &Report) -> String {
    String::from_utf8(HtmlExporter.render(report).unwrap()).unwrap()
}

fn unescape(text: &str) -> String {
    text.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Every `data-field="…" data-value="…"` pair of the page, unescaped.
pub fn figures(page: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut rest = page;
    while let Some(start) = rest.find("data-field=\"") {
        rest = &rest[start + "data-field=\"".len()..];
        let field_end = rest.find('"').unwrap();
        let field = unescape(&rest[..field_end]);
        rest = rest[field_end..].strip_prefix("\" data-value=\"").expect("value follows field");
        let value_end = rest.find('"').unwrap();
        found.push((field, unescape(&rest[..value_end])));
        rest = &rest[value_end..];
    }
    found
}

/// Asserts each figure equals the document's value at its pointer.
fn assert_figures_match(page: &str, document: &Value) -> Vec<String> {
    let found = figures(page);
    assert!(!found.is_empty());
    for (field, shown) in &found {
        let value = document.pointer(field).unwrap_or_else(|| panic!("{field} is not in the JSON"));
        match value {
            Value::Number(number) => {
                let shown: f64 = shown.parse().unwrap_or_else(|_| panic!("{field}: {shown}"));
                assert_eq!(Some(shown), number.as_f64(), "{field}");
                if let Some(count) = number.as_u64() {
                    assert_eq!(shown as u64, count, "{field}");
                }
            }
            Value::Bool(flag) => assert_eq!(shown, &flag.to_string(), "{field}"),
            Value::String(text) => assert_eq!(shown, text, "{field}"),
            other => panic!("{field} points at {other}"),
        }
    }
    found.into_iter().map(|(field, _)| field).collect()
}

fn rich_report() -> Report {
    let values: Vec<u64> = (1..=2000u64).map(|i| i * 1_733 + (i % 7) * 40_000).collect();
    let mut report = fixtures::report(&values, None);
    let mut warmup = report.series[0].clone();
    warmup.elapsed_s = 0.5;
    warmup.phase = Phase::Warmup;
    report.series.insert(0, warmup);
    report.delivery.counts.lost = 3;
    report.delivery.counts.reordered = 5;
    report.apply_checks(vec![CheckOutcome {
        condition: "p99 < 1ms".into(),
        actual: Some("3.1ms".into()),
        passed: false,
        judges: None,
    }]);
    report
}

#[test]
fn every_figure_equals_the_json_report() {
    let report = rich_report();
    let document = serde_json::to_value(&report).unwrap();
    let fields = assert_figures_match(&page(&report), &document);
    let required = [
        "/verdict/passed",
        "/totals/sent",
        "/totals/completed",
        "/totals/received",
        "/totals/send_rate",
        "/totals/recv_rate",
        "/latency/e2e/count",
        "/latency/e2e/p50_us",
        "/latency/e2e/p90_us",
        "/latency/e2e/p99_us",
        "/latency/e2e/p99_9_us",
        "/latency/e2e/p99_99_us",
        "/latency/e2e/max_us",
        "/latency/pub_ack/p99_us",
        "/latency/connect/p99_us",
        "/delivery/received",
        "/delivery/lost",
        "/delivery/duplicates",
        "/delivery/reordered",
        "/delivery/loss_pct",
        "/errors/0/count",
        "/checks/0/passed",
        "/self_check/cpu_cores_used",
        "/config/broker",
        "/config/qos",
        "/config/rate",
        "/context/tool_version",
        "/context/measured_s",
    ];
    for pointer in required {
        assert!(fields.iter().any(|field| field == pointer), "{pointer} is not on the page");
    }
}

#[test]
fn the_verdict_and_its_reasons_are_shown() {
    let report = rich_report();
    assert!(!report.verdict.passed);
    let html = page(&report);
    assert!(html.contains(
        "<div class=\"verdict fail\" data-field=\"/verdict/passed\" data-value=\"false\">FAIL"
    ));
    for failure in &report.verdict.failures {
        assert!(html.contains(&escape(failure)), "{failure}");
    }
}

#[test]
fn charts_are_inline_svg_with_percentile_axis_and_warmup() {
    let html = page(&rich_report());
    for chart in
        ["latency-percentiles", "throughput-over-time", "latency-over-time", "connect-percentiles"]
    {
        let start = html
            .find(&format!("<figure data-chart=\"{chart}\">"))
            .unwrap_or_else(|| panic!("{chart}"));
        let figure = &html[start..start + html[start..].find("</figure>").unwrap()];
        assert!(figure.contains("<svg") && figure.contains("<polyline"), "{chart} has no line");
    }
    for label in ["\n0%\n", "\n90%\n", "\n99%\n", "\n99.9%\n"] {
        assert!(html.contains(label), "percentile label {label:?}");
    }
    assert!(html.contains("end-to-end (from intended send)"), "legend names the latency");
}

#[test]
fn nothing_is_fetched_when_the_page_opens() {
    let html = page(&rich_report());
    for needle in ["<script", "<link", "<img", "<iframe", "src=", "href=", "url(", "@import"] {
        assert!(!html.contains(needle), "{needle} on the page");
    }
    // SVG namespaces are identifiers, not fetches; nothing else names a URL.
    let urls = html.matches("http://").count() + html.matches("https://").count();
    let namespaces = html.matches("xmlns=\"http://www.w3.org/2000/svg\"").count();
    assert_eq!(urls, namespaces);
}

#[test]
fn untrusted_text_is_escaped() {
    let mut report = rich_report();
    report.config.broker = "mqtt://h/<script>alert('x')</script>".into();
    report.config.topic = "bench/\"quoted\"/&/\u{1b}[31m".into();
    report.context.host = "<b>host</b>".into();
    report.errors.push(ErrorEntry {
        stage: Stage::Transport,
        reason: "reset <by peer> & \"closed\"".into(),
        name: None,
        failure: true,
        count: 2,
    });
    let html = page(&report);
    assert!(!html.contains("<script"));
    assert!(!html.contains("<b>host"));
    assert!(!html.contains('\u{1b}'), "control characters never reach the page");
    assert!(html.contains("mqtt://h/&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
    assert!(html.contains("reset &lt;by peer&gt; &amp; &quot;closed&quot;"));
    assert!(html.contains("bench/&quot;quoted&quot;/&amp;/\\u{1b}[31m"));
}

#[test]
fn escape_covers_markup_quotes_and_controls() {
    assert_eq!(escape("a<b>&\"c\"'d'"), "a&lt;b&gt;&amp;&quot;c&quot;&#39;d&#39;");
    assert_eq!(escape("tab\tline\nbell\u{7}"), "tab\tline\nbell\\u{7}");
    assert_eq!(escape("µs ok"), "µs ok");
}

#[test]
fn a_merged_report_lists_its_shards_and_explains_missing_series_percentiles() {
    let values: Vec<u64> = (1..=300u64).map(|i| i * 2_000).collect();
    let inputs: Vec<Input> = (0..2)
        .map(|index| Input {
            name: format!("shard{index}.json"),
            report: fixtures::report(&values, Some(ShardId { index, count: 2 })),
        })
        .collect();
    let merged = merge(&inputs).unwrap().report;
    let html = page(&merged);
    let fields = assert_figures_match(&html, &serde_json::to_value(&merged).unwrap());
    assert!(fields.iter().any(|field| field == "/context/merged_from/1/host"));
    assert!(html.contains("merged from 2 shard reports"));
    assert!(html.contains("No per-second latency in this report"));
    assert!(html.contains("<figure data-chart=\"throughput-over-time\">"));
}

#[test]
fn a_report_without_samples_renders_notes_not_charts() {
    let mut report = fixtures::report(&[1000], None);
    report.latency.clear();
    report.histograms.clear();
    report.series.clear();
    let html = page(&report);
    assert!(!html.contains("<svg"));
    assert!(html.contains("No latency was recorded."));
    assert!(html.contains("The report has no per-second series."));
}

#[test]
fn a_conn_report_shows_connections_not_messages() {
    let mut report = fixtures::report(&[1000, 2000], None);
    report.config.mode = "conn".into();
    report.config.connections = Some(4);
    for kind in ["e2e", "e2e_service", "pub_ack", "schedule_lag"] {
        report.latency.remove(kind);
        report.histograms.remove(kind);
    }
    let html = page(&report);
    assert_figures_match(&html, &serde_json::to_value(&report).unwrap());
    assert!(html.contains("<figure data-chart=\"connect-percentiles\">"));
    assert!(html.contains("connects/s"));
    assert!(!html.contains("data-chart=\"latency-percentiles\""));
    assert!(!html.contains("Delivery accounting"));
    assert!(html.contains("data-field=\"/config/connections\" data-value=\"4\""));
}
