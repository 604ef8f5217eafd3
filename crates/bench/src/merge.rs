//! `mqtt bench merge a.json b.json …`: combine shard reports into one.
//!
//! Percentiles are exact: the embedded histograms are added bucket by bucket
//! and summarized again, never averaged. Counts, delivery accounting and
//! errors add up; rates add up too (each shard's rate is over its own
//! window, and `--start-at` makes the windows coincide).
//!
//! A merge of shards of which any was interrupted is itself interrupted
//! (`context.interrupted`) and never passes.
//!
//! Refused, with the file names in the message: other schema versions,
//! different scenarios, the same shard twice, shard ids that do not match
//! the scenario's shard count, and reports that are not shards at all.
//! Missing shards are allowed (a partial merge) but reported as a warning.
//!
//! The merged per-second series sums counters and rates and keeps the
//! largest e2e max; per-interval percentiles cannot be merged from the
//! series and are left empty (use `--hdr-log` files for those).

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::delivery::DeliveryCounts;
use crate::errors::ErrorCounts;
use crate::recorder::{IntervalRow, Warmup};
use crate::report::{Report, ReportParts, RunContext, Totals, SCHEMA};
use crate::selfmon::SelfCheck;
use crate::shard::ShardId;
use crate::stats::{Counters, LatencySet};

/// One report to merge and the name to use for it in messages.
pub struct Input {
    pub name: String,
    pub report: Report,
}

/// The merged report and anything worth telling the user.
pub struct Merged {
    pub report: Report,
    pub warnings: Vec<String>,
}

/// Reads and parses one report, naming the file in errors.
pub fn read_report(name: &str, bytes: &[u8]) -> Result<Report, String> {
    Report::from_json(bytes).map_err(|err| format!("{name}: {err}"))
}

/// Why `merge_files` failed: a file that could not be read, or data that
/// cannot be merged (the caller picks the exit code by kind).
#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    /// Reading the file failed (it does not exist, is a directory, …).
    #[error("reading {name}: {error}")]
    Read { name: String, error: std::io::Error },
    /// A file is not a report, or the reports do not belong together; the
    /// message names the file(s).
    #[error("{0}")]
    Data(String),
}

/// Reads the files and merges them.
pub fn merge_files(paths: &[PathBuf]) -> Result<Merged, MergeError> {
    let mut inputs = Vec::with_capacity(paths.len());
    for path in paths {
        let name = path.display().to_string();
        let bytes =
            std::fs::read(path).map_err(|error| MergeError::Read { name: name.clone(), error })?;
        let report = read_report(&name, &bytes).map_err(MergeError::Data)?;
        inputs.push(Input { name, report });
    }
    merge(&inputs).map_err(MergeError::Data)
}

/// The shard ids a report covers: its own, or those it was merged from.
fn shards_of(report: &Report) -> Vec<ShardId> {
    if report.context.merged_from.is_empty() {
        report.context.shard.into_iter().collect()
    } else {
        report.context.merged_from.iter().filter_map(|context| context.shard).collect()
    }
}

/// Top-level config fields whose values differ, as `field: a vs b`.
fn config_differences(left: &Report, right: &Report) -> Vec<String> {
    let (Ok(serde_json::Value::Object(a)), Ok(serde_json::Value::Object(b))) =
        (serde_json::to_value(&left.config), serde_json::to_value(&right.config))
    else {
        return vec!["config does not serialize".into()];
    };
    let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter(|key| a.get(*key) != b.get(*key))
        .map(|key| {
            let show = |value: Option<&serde_json::Value>| {
                value.map_or("(absent)".to_owned(), ToString::to_string)
            };
            format!("{key}: {} vs {}", show(a.get(key)), show(b.get(key)))
        })
        .collect()
}

fn check_compatible(inputs: &[Input]) -> Result<Vec<String>, String> {
    let first = inputs.first().ok_or("nothing to merge: give at least one report")?;
    let shard_count = first.report.config.shards;
    let mut owners: BTreeMap<u32, &str> = BTreeMap::new();
    let mut warnings = Vec::new();
    for input in inputs {
        let report = &input.report;
        if report.schema != SCHEMA {
            return Err(format!(
                "{}: schema `{}` is not supported (this mqtt reads {SCHEMA})",
                input.name, report.schema
            ));
        }
        let differences = config_differences(&first.report, report);
        if !differences.is_empty() {
            return Err(format!(
                "{} and {} ran different scenarios ({}); only shards of one scenario can be merged",
                first.name,
                input.name,
                differences.join(", ")
            ));
        }
        let shards = shards_of(report);
        if shards.is_empty() {
            return Err(format!(
                "{} is not a shard report (run each part with --shard I/N to merge results)",
                input.name
            ));
        }
        for shard in shards {
            if shard.count != shard_count {
                return Err(format!(
                    "{} is shard {shard} but its scenario has {shard_count} shards",
                    input.name
                ));
            }
            if let Some(other) = owners.insert(shard.index, &input.name) {
                return Err(format!(
                    "{other} and {} both contain shard {shard}; merging a shard twice would double-count it",
                    input.name
                ));
            }
        }
        if report.context.tool_version != first.report.context.tool_version {
            warnings.push(format!(
                "{} was written by mqtt {} and {} by {}",
                first.name,
                first.report.context.tool_version,
                input.name,
                report.context.tool_version
            ));
        }
    }
    let missing: Vec<String> = (0..shard_count)
        .filter(|index| !owners.contains_key(index))
        .map(|index| format!("{index}/{shard_count}"))
        .collect();
    if !missing.is_empty() {
        warnings.push(format!("partial merge: shard(s) {} missing", missing.join(", ")));
    }
    Ok(warnings)
}

/// Merges compatible shard reports; see the module docs for the rules.
pub fn merge(inputs: &[Input]) -> Result<Merged, String> {
    let warnings = check_compatible(inputs)?;
    let mut latencies = LatencySet::default();
    let mut counters = Counters::default();
    let mut warmup = Warmup::default();
    let mut delivery = DeliveryCounts::default();
    let mut errors = ErrorCounts::default();
    let mut contexts = Vec::new();
    let mut self_checks = Vec::new();
    let (mut send_rate, mut completed_rate, mut recv_rate) = (0.0, 0.0, 0.0);
    for input in inputs {
        let report = &input.report;
        latencies.add(&report.latencies().map_err(|err| format!("{}: {err}", input.name))?)?;
        counters += report.totals.counters;
        warmup += report.warmup;
        send_rate += report.totals.send_rate;
        completed_rate += report.totals.completed_rate;
        recv_rate += report.totals.recv_rate;
        delivery += report.delivery.counts;
        errors.add_entries(&report.errors);
        self_checks.push((input.name.clone(), report.self_check.clone()));
        if report.context.merged_from.is_empty() {
            contexts.push(report.context.clone());
        } else {
            contexts.extend(report.context.merged_from.iter().cloned());
        }
    }
    contexts.sort_by_key(|context| context.shard.map(|shard| shard.index));
    let context = merged_context(contexts);
    let mut report = Report::build(ReportParts {
        config: inputs[0].report.config.clone(),
        context,
        counters,
        warmup,
        latencies: &latencies,
        delivery,
        errors: errors.entries(),
        self_check: SelfCheck::merge(&self_checks),
        series: merge_series(inputs.iter().map(|input| input.report.series.as_slice())),
    })?;
    report.totals = Totals { counters, send_rate, completed_rate, recv_rate };
    report.judge();
    Ok(Merged { report, warnings })
}

fn merged_context(contexts: Vec<RunContext>) -> RunContext {
    let mut hosts: Vec<&str> = contexts.iter().map(|context| context.host.as_str()).collect();
    hosts.sort_unstable();
    hosts.dedup();
    let earliest =
        contexts.iter().min_by_key(|context| context.start_unix_ns).unwrap_or(&contexts[0]);
    RunContext {
        tool: earliest.tool.clone(),
        tool_version: env!("CARGO_PKG_VERSION").into(),
        broker_version: contexts.iter().find_map(|context| context.broker_version.clone()),
        host: hosts.join(","),
        os: earliest.os.clone(),
        cpus: contexts.iter().map(|context| context.cpus).sum(),
        start_time: earliest.start_time.clone(),
        start_unix_ns: earliest.start_unix_ns,
        measured_s: contexts.iter().map(|context| context.measured_s).fold(0.0, f64::max),
        interrupted: contexts.iter().any(|context| context.interrupted),
        shard: None,
        // Addresses are per host: each shard's stay in `merged_from`.
        connections_by_address: BTreeMap::new(),
        merged_from: contexts,
    }
}

/// Sums rows that cover the same second (by `elapsed_s` rounded to ms).
fn merge_series<'a>(all: impl Iterator<Item = &'a [IntervalRow]>) -> Vec<IntervalRow> {
    let mut by_time: BTreeMap<u64, IntervalRow> = BTreeMap::new();
    for rows in all {
        for row in rows {
            let key = (row.elapsed_s * 1e3).round() as u64;
            let merged = by_time.entry(key).or_insert_with(|| IntervalRow {
                sent: 0,
                completed: 0,
                received: 0,
                errors: 0,
                late_sends: 0,
                send_rate: 0.0,
                recv_rate: 0.0,
                inflight: 0,
                e2e_p50_us: None,
                e2e_p99_us: None,
                e2e_max_us: None,
                lag_p99_us: None,
                ..row.clone()
            });
            merged.sent += row.sent;
            merged.completed += row.completed;
            merged.received += row.received;
            merged.errors += row.errors;
            merged.late_sends += row.late_sends;
            merged.send_rate += row.send_rate;
            merged.recv_rate += row.recv_rate;
            merged.inflight += row.inflight;
            merged.e2e_max_us = match (merged.e2e_max_us, row.e2e_max_us) {
                (Some(a), Some(b)) => Some(a.max(b)),
                (a, b) => a.or(b),
            };
        }
    }
    by_time.into_values().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures;
    use crate::rng::SplitMix64;
    use crate::stats::LatencyKind;

    /// Latencies spread over six orders of magnitude, like a real tail.
    fn values(count: usize, seed: u64) -> Vec<u64> {
        let mut rng = SplitMix64::new(seed);
        (0..count).map(|_| 1 + rng.below(1000) * 10u64.pow(rng.below(6) as u32)).collect()
    }

    fn shard(values: &[u64], index: u32, count: u32) -> Input {
        let report = fixtures::report(values, Some(ShardId::new(index, count).unwrap()));
        Input { name: format!("shard{index}.json"), report }
    }

    #[test]
    fn merged_percentiles_equal_those_of_the_union() {
        let parts = [values(3000, 1), values(50, 2), values(7000, 3)];
        let inputs: Vec<Input> =
            parts.iter().enumerate().map(|(i, v)| shard(v, i as u32, 3)).collect();
        let merged = merge(&inputs).unwrap();
        assert!(merged.warnings.is_empty(), "{:?}", merged.warnings);

        let union: Vec<u64> = parts.concat();
        let direct = fixtures::report(&union, None);
        for kind in ["e2e", "e2e_service", "pub_ack", "schedule_lag"] {
            assert_eq!(merged.report.latency[kind], direct.latency[kind], "{kind}");
        }
        let merged_histograms = merged.report.latencies().unwrap();
        let direct_histograms = direct.latencies().unwrap();
        assert_eq!(
            merged_histograms.get(LatencyKind::E2e),
            direct_histograms.get(LatencyKind::E2e)
        );
        assert_eq!(merged.report.latency["connect"].count, 3, "one connect per shard");

        // Averaging the shards' own p99s would not give the union's p99.
        let averaged: f64 =
            inputs.iter().map(|input| input.report.latency["e2e"].p99_us).sum::<f64>() / 3.0;
        assert_ne!(averaged, direct.latency["e2e"].p99_us);
    }

    #[test]
    fn totals_delivery_errors_and_context_add_up() {
        let inputs = [shard(&values(100, 4), 0, 2), shard(&values(300, 5), 1, 2)];
        let merged = merge(&inputs).unwrap().report;
        assert_eq!(merged.totals.counters.sent, 400);
        assert_eq!(
            merged.totals.recv_rate,
            inputs[0].report.totals.recv_rate + inputs[1].report.totals.recv_rate
        );
        assert_eq!(merged.delivery.counts.flows, 8);
        assert_eq!(merged.errors[0].count, 2);
        assert_eq!(merged.context.shard, None);
        assert_eq!(merged.context.merged_from.len(), 2);
        assert_eq!(merged.self_check.cores, 4);
        assert_eq!(merged.series.len(), 1, "both shards' second 1 summed");
        assert_eq!(merged.series[0].sent, 400);
        assert_eq!(merged.series[0].e2e_p99_us, None, "percentiles do not merge from rows");
        assert!(merged.verdict.passed);
    }

    #[test]
    fn an_interrupted_shard_makes_the_merge_interrupted_and_failed() {
        let mut inputs = [shard(&values(100, 4), 0, 2), shard(&values(300, 5), 1, 2)];
        inputs[0].report.warmup = Warmup { sent: 7, received: 6 };
        inputs[1].report.warmup = Warmup { sent: 3, received: 3 };
        let merged = merge(&inputs).unwrap().report;
        assert_eq!(merged.warmup, Warmup { sent: 10, received: 9 });
        assert!(!merged.context.interrupted && merged.verdict.passed);

        inputs[1].report.context.interrupted = true;
        let merged = merge(&inputs).unwrap().report;
        assert!(merged.context.interrupted);
        assert!(!merged.verdict.passed);
        assert_eq!(
            merged.verdict.failures,
            ["interrupted: shard 1/2 was stopped before it finished"]
        );
        // Merged again, it stays interrupted.
        let again = [Input { name: "all.json".into(), report: merged }];
        assert!(merge(&again).unwrap().report.context.interrupted);
    }

    #[test]
    fn merging_a_merge_equals_merging_everything() {
        let parts = [values(500, 6), values(600, 7), values(700, 8)];
        let all: Vec<Input> =
            parts.iter().enumerate().map(|(i, v)| shard(v, i as u32, 3)).collect();
        let first_two = merge(&all[..2]).unwrap();
        assert_eq!(first_two.warnings, ["partial merge: shard(s) 2/3 missing"]);
        let staged =
            [Input { name: "ab.json".into(), report: first_two.report }, shard(&parts[2], 2, 3)];
        let staged = merge(&staged).unwrap().report;
        let at_once = merge(&all).unwrap().report;
        assert_eq!(staged.latency, at_once.latency);
        assert_eq!(staged.totals, at_once.totals);
        assert_eq!(staged.context.merged_from.len(), 3);
    }

    #[test]
    fn incompatible_inputs_are_refused_with_names() {
        let base = || [shard(&[1000], 0, 2), shard(&[2000], 1, 2)];

        let mut other_rate = base();
        other_rate[1].report.config.rate = 2000.0;
        let err = merge(&other_rate).err().unwrap();
        assert!(
            err.contains(
                "shard0.json and shard1.json ran different scenarios (rate: 1000.0 vs 2000.0)"
            ),
            "{err}"
        );

        let mut future = base();
        future[1].report.schema = "mqtt-bench/2".into();
        assert!(merge(&future).err().unwrap().contains("shard1.json: schema `mqtt-bench/2`"));

        let twice = [shard(&[1000], 0, 2), shard(&[2000], 0, 2)];
        assert!(merge(&twice).err().unwrap().contains("both contain shard 0/2"));

        let mut unsharded = base();
        unsharded[0].report.context.shard = None;
        assert!(merge(&unsharded).err().unwrap().contains("shard0.json is not a shard report"));

        let mut wrong_count = base();
        wrong_count[1].report.context.shard = Some(ShardId { index: 1, count: 3 });
        assert!(merge(&wrong_count)
            .err()
            .unwrap()
            .contains("shard1.json is shard 1/3 but its scenario has 2 shards"));

        assert!(merge(&[]).err().unwrap().contains("nothing to merge"));
    }

    #[test]
    fn files_are_read_and_bad_ones_named() {
        let dir = tempfile::tempdir().unwrap();
        let mut paths = Vec::new();
        for (index, values) in [[1000u64, 2000], [3000, 4000]].iter().enumerate() {
            let path = dir.path().join(format!("s{index}.json"));
            let report = fixtures::report(values, Some(ShardId::new(index as u32, 2).unwrap()));
            std::fs::write(&path, serde_json::to_vec(&report).unwrap()).unwrap();
            paths.push(path);
        }
        let merged = merge_files(&paths).unwrap();
        assert_eq!(merged.report.latency["e2e"].count, 4);

        let bad = dir.path().join("bad.json");
        std::fs::write(&bad, b"{\"schema\": \"something-else\"}").unwrap();
        paths.push(bad);
        let err = merge_files(&paths).err().unwrap();
        assert!(matches!(err, MergeError::Data(_)), "{err:?}");
        let err = err.to_string();
        assert!(err.contains("bad.json: schema `something-else` is not supported"), "{err}");
        let missing = merge_files(&[dir.path().join("nope.json")]).err().unwrap();
        assert!(
            matches!(&missing, MergeError::Read { error, .. } if error.kind() == std::io::ErrorKind::NotFound),
            "{missing:?}"
        );
        let missing = missing.to_string();
        assert!(missing.contains("reading") && missing.contains("nope.json"), "{missing}");
    }
}
