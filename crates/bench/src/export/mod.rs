//! Report exporters: JSON, per-interval CSV, the human summary table, and
//! the streaming `--hdr-log` writer.
//!
//! Exporters return bytes and do no I/O, so the runner decides where output
//! goes (stdout for data, files for `--json FILE`) and tests read the bytes.

pub mod csv;
pub mod hdr_log;
pub mod json;
pub mod table;

use crate::report::Report;

/// Renders a finished report into some format.
pub trait Exporter {
    /// The report as bytes in this exporter's format.
    fn render(&self, report: &Report) -> Result<Vec<u8>, String>;
}
