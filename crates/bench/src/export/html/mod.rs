//! The HTML exporter: one self-contained page to look at and paste into a
//! ticket (`--html FILE`).
//!
//! Policy:
//! - the page fetches nothing when opened: CSS is inline, charts are inline
//!   SVG drawn by `plotters`, there is no script and no external link;
//! - every text that comes from the report (broker URL, topics, host names,
//!   error reasons, `--fail-if` conditions) is escaped, and control
//!   characters are shown as `\u{1b}`, never passed through;
//! - every figure in a table carries its report field and its exact value
//!   (`data-field="/latency/e2e/p99_us" data-value="412.3"`, a JSON
//!   pointer into the `mqtt-bench/1` document), so the page can be checked
//!   against the JSON by machine; the cell text is the rounded human form.

mod charts;
mod sections;
mod table;

#[cfg(test)]
mod tests;

use crate::export::Exporter;
use crate::report::Report;

/// Writes the report as one HTML page.
#[derive(Clone, Copy, Debug, Default)]
pub struct HtmlExporter;

impl Exporter for HtmlExporter {
    fn render(&self, report: &Report) -> Result<Vec<u8>, String> {
        let latencies = report.latencies()?;
        let mut page = String::with_capacity(64 * 1024);
        page.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        page.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        page.push_str(&format!("<title>{}</title>\n", escape(&title(report))));
        page.push_str("<style>\n");
        page.push_str(STYLE);
        page.push_str("</style>\n</head>\n<body>\n<main>\n");
        sections::header(&mut page, report);
        sections::verdict(&mut page, report);
        // `bench conn` sends no messages: no message latency or delivery.
        let connections = report.config.mode == "conn";
        if !connections {
            charts::latency_distribution(&mut page, report, &latencies)?;
        }
        charts::over_time(&mut page, report, connections)?;
        sections::throughput(&mut page, report);
        sections::latency(&mut page, report);
        charts::connection_latency(&mut page, report, &latencies)?;
        if !connections {
            sections::delivery(&mut page, report);
        }
        sections::errors(&mut page, report);
        sections::self_check(&mut page, report);
        sections::config_and_context(&mut page, report)?;
        page.push_str("</main>\n</body>\n</html>\n");
        Ok(page.into_bytes())
    }
}

fn title(report: &Report) -> String {
    format!("mqtt bench: {} at {}", report.config.broker, report.context.start_time)
}

/// Escapes `text` for HTML text and attribute values; control characters
/// other than newline and tab become a visible `\u{…}`.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' | '\t' => out.push(c),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// Inline style: system fonts only (nothing to download), readable in print.
const STYLE: &str = "\
body { font-family: system-ui, -apple-system, 'Segoe UI', sans-serif; color: #1d232a; \
background: #f6f7f9; margin: 0; }
main { max-width: 1100px; margin: 0 auto; padding: 24px; background: #fff; }
h1 { font-size: 1.5em; margin: 0 0 4px; }
h2 { font-size: 1.15em; margin: 28px 0 8px; border-bottom: 1px solid #d8dde3; padding-bottom: 4px; }
.sub { color: #5b6670; margin: 0 0 16px; }
.verdict { padding: 12px 16px; border-radius: 6px; font-weight: 600; }
.verdict.pass { background: #e3f4e8; color: #14532d; border: 1px solid #9fd3ae; }
.verdict.fail { background: #fde8e8; color: #7f1d1d; border: 1px solid #f1a9a9; }
.verdict ul { margin: 6px 0 0; font-weight: normal; }
.warn { background: #fff6db; border: 1px solid #f0d58a; padding: 8px 12px; border-radius: 6px; }
table { border-collapse: collapse; margin: 8px 0 16px; font-size: 0.92em; }
th, td { border: 1px solid #d8dde3; padding: 4px 10px; text-align: left; }
td[data-value], td.num { text-align: right; font-variant-numeric: tabular-nums; }
th { background: #eef1f4; font-weight: 600; }
caption { text-align: left; font-weight: 600; padding: 4px 0; }
figure { margin: 8px 0 16px; }
figcaption { color: #5b6670; font-size: 0.9em; }
svg { max-width: 100%; height: auto; display: block; }
.note { color: #5b6670; font-size: 0.9em; }
code { font-family: ui-monospace, 'SFMono-Regular', Menlo, monospace; font-size: 0.95em; }
";
