//! The JSON exporter: the `mqtt-bench/1` document, one per run.

use crate::export::Exporter;
use crate::report::Report;

/// Writes the report as JSON, pretty-printed unless `compact`.
#[derive(Clone, Copy, Debug, Default)]
pub struct JsonExporter {
    pub compact: bool,
}

impl Exporter for JsonExporter {
    fn render(&self, report: &Report) -> Result<Vec<u8>, String> {
        let mut bytes = if self.compact {
            serde_json::to_vec(report)
        } else {
            serde_json::to_vec_pretty(report)
        }
        .map_err(|err| format!("serializing the report: {err}"))?;
        bytes.push(b'\n');
        Ok(bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures;

    #[test]
    fn output_parses_back_into_the_same_report() {
        let report = fixtures::report(&[1000, 2000, 3000], None);
        for compact in [false, true] {
            let bytes = JsonExporter { compact }.render(&report).unwrap();
            assert_eq!(bytes.last(), Some(&b'\n'));
            assert_eq!(Report::from_json(&bytes).unwrap(), report);
        }
        let pretty = JsonExporter::default().render(&report).unwrap();
        assert!(pretty.starts_with(b"{\n  \"schema\": \"mqtt-bench/1\""));
    }
}
