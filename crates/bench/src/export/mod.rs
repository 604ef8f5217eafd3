//! Report exporters: JSON, per-interval CSV and the human summary table;
//! besides them, what a run streams as it goes: the live progress line and
//! the `--hdr-log` writer and the `--metrics-listen` text.
//!
//! Exporters return bytes and do no I/O, so the runner decides where output
//! goes (stdout for data, files for `--json FILE`) and tests read the bytes.
//! A new report format is one exporter module and one [`ExportType`] arm;
//! the runner lists the flag that asks for it.

pub mod csv;
pub mod hdr_log;
pub mod json;
pub mod live;
pub mod prometheus;
pub mod table;

use crate::report::Report;

/// Renders a finished report into some format.
pub trait Exporter {
    /// The report as bytes in this exporter's format.
    fn render(&self, report: &Report) -> Result<Vec<u8>, String>;
}

/// The formats a finished report can be rendered in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportType {
    /// The `mqtt-bench/1` document, pretty-printed.
    Json,
    /// The per-second series.
    Csv,
    /// The human summary.
    Table,
}

impl ExportType {
    /// The format's name; a flag that asks for it is `--NAME`.
    pub fn name(self) -> &'static str {
        match self {
            ExportType::Json => "json",
            ExportType::Csv => "csv",
            ExportType::Table => "table",
        }
    }

    /// The exporter that renders this format.
    pub fn exporter(self) -> Box<dyn Exporter> {
        match self {
            ExportType::Json => Box::new(json::JsonExporter::default()),
            ExportType::Csv => Box::new(csv::CsvExporter),
            ExportType::Table => Box::new(table::TableExporter),
        }
    }

    /// Renders `report` in this format.
    pub fn render(self, report: &Report) -> Result<Vec<u8>, String> {
        self.exporter().render(report)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures;

    #[test]
    fn each_type_renders_with_its_own_exporter() {
        let report = fixtures::report(&[1000, 2000], None);
        let cases: [(ExportType, &dyn Exporter); 3] = [
            (ExportType::Json, &json::JsonExporter { compact: false }),
            (ExportType::Csv, &csv::CsvExporter),
            (ExportType::Table, &table::TableExporter),
        ];
        for (kind, exporter) in cases {
            assert_eq!(kind.render(&report), exporter.render(&report), "{}", kind.name());
        }
    }

    #[test]
    fn names_are_the_flag_names() {
        let names = [ExportType::Json, ExportType::Csv, ExportType::Table].map(ExportType::name);
        assert_eq!(names, ["json", "csv", "table"]);
    }
}
