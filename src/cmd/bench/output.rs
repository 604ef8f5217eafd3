//! Where a finished report goes, and the exit code it earns.
//!
//! Policy: data goes to standard output. Report formats are written in the
//! order of their flags, each once; at most one of them may claim standard
//! output (`-`). The summary table is the data unless a format claims
//! standard output; then the table goes to standard error, last. A run that
//! failed `--fail-if` or the delivery policy still writes every output, then
//! exits 9 (`Exit::ChecksFailed`); a run a signal ended exits 130 (SIGINT)
//! or 143 (SIGTERM) after writing what was measured (see `signals`).

use std::io::Write;
use std::process::ExitCode;

use anyhow::Context;

use crate::cli::bench::MergeArgs;
use crate::cmd::bench::finish::Finished;
use crate::cmd::bench::outputs::{Destination, Export, Outputs};
use crate::exit::{coded, usage, Exit};
use mqtt_bench::export::ExportType;
use mqtt_bench::fail_if::{self, Condition};
use mqtt_bench::merge::{merge_files, MergeError};
use mqtt_bench::report::Report;

/// Writes the outputs of a run and returns its exit code.
pub fn deliver(
    finished: Finished,
    outputs: &Outputs,
    fail_if: &[Condition],
) -> anyhow::Result<ExitCode> {
    let Finished { mut report, interrupted } = finished;
    check(&mut report, fail_if)?;
    write_outputs(&report, outputs)?;
    if let Some(signal) = interrupted {
        return Ok(signal.exit().into());
    }
    verdict(&report)
}

/// `mqtt bench merge FILES…`.
pub fn merge(args: &MergeArgs) -> anyhow::Result<ExitCode> {
    let outputs = Outputs::for_merge(args)?;
    let conditions = args.fail_if.join(",");
    let fail_if = if conditions.trim().is_empty() {
        Vec::new()
    } else {
        fail_if::parse(&conditions).map_err(|err| usage(err.to_string()))?
    };
    let merged = merge_files(&args.files).map_err(|err| {
        let code = match &err {
            MergeError::Read { error, .. } if error.kind() == std::io::ErrorKind::NotFound => {
                Exit::NoInput
            }
            MergeError::Read { .. } => Exit::IoError,
            MergeError::Data(_) => Exit::DataError,
        };
        coded(code, err.to_string())
    })?;
    for warning in &merged.warnings {
        diag!("mqtt: bench merge: {warning}");
    }
    let mut report = merged.report;
    check(&mut report, &fail_if)?;
    write_outputs(&report, &outputs)?;
    verdict(&report)
}

fn check(report: &mut Report, fail_if: &[Condition]) -> anyhow::Result<()> {
    if !fail_if.is_empty() {
        let outcomes = fail_if::evaluate(fail_if, report).map_err(anyhow::Error::msg)?;
        report.apply_checks(outcomes);
    }
    Ok(())
}

fn verdict(report: &Report) -> anyhow::Result<ExitCode> {
    if report.verdict.passed {
        return Ok(ExitCode::SUCCESS);
    }
    Err(coded(Exit::ChecksFailed, format!("bench failed: {}", report.verdict.failures.join("; "))))
}

fn write_outputs(report: &Report, outputs: &Outputs) -> anyhow::Result<()> {
    write_exports(report, &outputs.exports)?;
    write_summary(report, outputs.stdout_taken())
}

fn write_exports(report: &Report, exports: &[Export]) -> anyhow::Result<()> {
    for export in exports {
        let bytes = export.kind.render(report).map_err(anyhow::Error::msg)?;
        write(export, &bytes)?;
    }
    Ok(())
}

fn write_summary(report: &Report, to_stderr: bool) -> anyhow::Result<()> {
    let table = ExportType::Table.render(report).map_err(anyhow::Error::msg)?;
    if to_stderr {
        // A diagnostic, then: a closed stderr does not change the outcome.
        let _ = std::io::stderr().write_all(&table);
        Ok(())
    } else {
        let mut stdout = std::io::stdout().lock();
        stdout.write_all(&table).and_then(|()| stdout.flush()).context("writing the summary")
    }
}

fn write(export: &Export, bytes: &[u8]) -> anyhow::Result<()> {
    match &export.destination {
        Destination::Stdout => {
            let mut stdout = std::io::stdout().lock();
            stdout
                .write_all(bytes)
                .and_then(|()| stdout.flush())
                .context("writing to standard output")
        }
        Destination::File(path) => std::fs::write(path, bytes).map_err(|err| {
            let flag = export.kind.name();
            coded(Exit::IoError, format!("--{flag} {}: {err}", path.display()))
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exit::CodedError;
    use mqtt_bench::config::Scenario;
    use mqtt_bench::report::{ReportParts, RunContext};

    fn report() -> Report {
        let config: Scenario = serde_json::from_value(serde_json::json!({
            "broker": "mqtt://127.0.0.1:1883", "mqtt_version": "5", "qos": 1,
            "publishers": 1, "subscribers": 1, "topic": "bench/%i", "filter": "bench/%i",
            "payload_size": 64, "rate": 0.0, "inflight": 64, "warmup_s": 1.0, "shards": 1,
        }))
        .unwrap();
        Report::build(ReportParts {
            config,
            context: RunContext::local(1_777_636_800_000_000_000, 10.0, None),
            counters: Default::default(),
            warmup: Default::default(),
            latencies: &Default::default(),
            delivery: Default::default(),
            errors: Vec::new(),
            self_check: Default::default(),
            series: Vec::new(),
        })
        .unwrap()
    }

    #[test]
    fn each_export_writes_its_rendering_to_its_file() {
        let dir = tempfile::tempdir().unwrap();
        let report = report();
        let exports: Vec<Export> = [ExportType::Json, ExportType::Csv]
            .into_iter()
            .map(|kind| {
                let path = dir.path().join(kind.name());
                Export { kind, destination: Destination::File(path) }
            })
            .collect();
        write_exports(&report, &exports).unwrap();
        for export in &exports {
            let Destination::File(path) = &export.destination else { unreachable!() };
            assert_eq!(std::fs::read(path).unwrap(), export.kind.render(&report).unwrap());
        }
    }

    #[test]
    fn an_unwritable_file_names_its_flag() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("missing").join("r.csv");
        let export = Export { kind: ExportType::Csv, destination: Destination::File(path) };
        let err = write_exports(&report(), &[export]).unwrap_err();
        let coded = err.downcast_ref::<CodedError>().unwrap();
        assert_eq!(coded.code, Exit::IoError);
        assert!(coded.message.starts_with("--csv "), "{}", coded.message);
    }
}
