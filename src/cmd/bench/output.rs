//! Where a finished report goes, and the exit code it earns.
//!
//! Policy: data goes to standard output. The summary table is the data
//! unless `--json -` or `--csv -` claims standard output; then the table
//! goes to standard error. A run that failed `--fail-if` or the delivery
//! policy still writes every output, then exits 9 (`Exit::ChecksFailed`);
//! Ctrl-C exits 130 after writing what was measured.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Context;

use crate::cli::bench::MergeArgs;
use crate::cmd::bench::plan::{Destination, Outputs};
use crate::cmd::bench::Finished;
use crate::exit::{coded, usage, Exit};
use mqtt_bench::export::csv::CsvExporter;
use mqtt_bench::export::json::JsonExporter;
use mqtt_bench::export::table::TableExporter;
use mqtt_bench::export::Exporter;
use mqtt_bench::fail_if::{self, Condition};
use mqtt_bench::merge::merge_files;
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
    if interrupted {
        return Ok(Exit::Interrupted.into());
    }
    verdict(&report)
}

/// `mqtt bench merge FILES…`.
pub fn merge(args: &MergeArgs) -> anyhow::Result<ExitCode> {
    let outputs = Outputs::new(args.json.as_deref(), args.csv.as_deref(), None)?;
    let conditions = args.fail_if.join(",");
    let fail_if = if conditions.trim().is_empty() {
        Vec::new()
    } else {
        fail_if::parse(&conditions).map_err(|err| usage(err.to_string()))?
    };
    let merged =
        merge_files(&args.files).map_err(|err| coded(Exit::DataError, format!("{err:#}")))?;
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
    if let Some(destination) = &outputs.json {
        let bytes = JsonExporter::default().render(report).map_err(anyhow::Error::msg)?;
        write(destination, &bytes, "--json")?;
    }
    if let Some(destination) = &outputs.csv {
        let bytes = CsvExporter.render(report).map_err(anyhow::Error::msg)?;
        write(destination, &bytes, "--csv")?;
    }
    let table = TableExporter.render(report).map_err(anyhow::Error::msg)?;
    if outputs.stdout_taken() {
        std::io::stderr().write_all(&table).context("writing the summary")?;
    } else {
        let mut stdout = std::io::stdout().lock();
        stdout.write_all(&table).and_then(|()| stdout.flush()).context("writing the summary")?;
    }
    Ok(())
}

fn write(destination: &Destination, bytes: &[u8], flag: &str) -> anyhow::Result<()> {
    match destination {
        Destination::Stdout => {
            let mut stdout = std::io::stdout().lock();
            stdout
                .write_all(bytes)
                .and_then(|()| stdout.flush())
                .context("writing to standard output")
        }
        Destination::File(path) => std::fs::write(path, bytes)
            .map_err(|err| coded(Exit::IoError, format!("{flag} {}: {err}", path.display()))),
    }
}
