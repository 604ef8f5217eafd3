//! The CSV exporter: the per-interval series, one row per second.
//!
//! Columns are fixed and named in the header; a latency with no samples in
//! an interval is an empty cell. No field can contain a comma or quote, so
//! no quoting is needed.

use std::fmt::Write;

use crate::export::Exporter;
use crate::report::Report;

/// The header row.
pub const HEADER: &str =
    "elapsed_s,phase,sent,completed,received,errors,late_sends,send_rate,recv_rate,\
inflight,e2e_p50_us,e2e_p99_us,e2e_max_us,lag_p99_us";

/// Writes `report.series` as CSV.
#[derive(Clone, Copy, Debug, Default)]
pub struct CsvExporter;

fn cell(value: Option<f64>) -> String {
    value.map(|v| format!("{v:.3}")).unwrap_or_default()
}

impl Exporter for CsvExporter {
    fn render(&self, report: &Report) -> Result<Vec<u8>, String> {
        let mut out = String::with_capacity(64 * (report.series.len() + 1));
        out.push_str(HEADER);
        out.push('\n');
        for row in &report.series {
            // Writing to a String cannot fail.
            let _ = writeln!(
                out,
                "{:.3},{},{},{},{},{},{},{:.3},{:.3},{},{},{},{},{}",
                row.elapsed_s,
                row.phase.name(),
                row.sent,
                row.completed,
                row.received,
                row.errors,
                row.late_sends,
                row.send_rate,
                row.recv_rate,
                row.inflight,
                cell(row.e2e_p50_us),
                cell(row.e2e_p99_us),
                cell(row.e2e_max_us),
                cell(row.lag_p99_us),
            );
        }
        Ok(out.into_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures;

    #[test]
    fn one_row_per_interval_with_matching_columns() {
        let mut report = fixtures::report(&[1000; 10], None);
        let mut second = report.series[0].clone();
        second.elapsed_s = 2.0;
        second.sent = 77;
        report.series.push(second);
        let text = String::from_utf8(CsvExporter.render(&report).unwrap()).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 3);
        let columns = HEADER.split(',').count();
        for line in &lines {
            assert_eq!(line.split(',').count(), columns, "{line}");
        }
        let fields: Vec<&str> = lines[2].split(',').collect();
        assert_eq!((fields[0], fields[1], fields[2]), ("2.000", "measure", "77"));
        assert_eq!(fields[12], "", "missing e2e max is an empty cell");
        assert_eq!(fields[11], "40.000");
    }
}
