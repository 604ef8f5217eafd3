//! The measurement core of `mqtt bench`: schedules, recorders, statistics,
//! delivery accounting, reports, exporters, `--fail-if` and shard merging.
//!
//! Policy: nothing here opens a connection or depends on the `mqtt`
//! binary; the runner in `src/cmd/bench` drives connections and calls in
//! (pipeline_tests.rs shows the call sequence on synthetic time).
//! docs/bench.md explains the measurement model.
//!
//! - `payload`: the 32-byte header in every payload;
//! - `clock`, `schedule`: the run clock and the open-loop pacer;
//! - `stats`, `recorder`: histograms, counters, per-second interval rows;
//! - `delivery`, `errors`: loss/duplicate/reorder accounting, reason codes;
//! - `selfmon`: CPU time and the `generator_limited` rule;
//! - `report`, `config`, `export`: the `mqtt-bench/1` document and its
//!   JSON, CSV, table, HTML and hdr-log renderings;
//! - `report::verdict`: what fails a run before `--fail-if` (interruption, a run
//!   in which nothing happened, the delivery policy);
//! - `fail_if`: `--fail-if` conditions;
//! - `shard`, `topic`, `merge`: `--shard`, `--start-at`, templates and
//!   `mqtt bench merge`;
//! - `units`, `rng`: small parsers/formatters and a seeded generator.

pub mod clock;
pub mod config;
pub mod delivery;
pub mod errors;
pub mod export;
pub mod fail_if;
pub mod merge;
pub mod payload;
pub mod recorder;
pub mod report;
pub mod rng;
pub mod schedule;
pub mod selfmon;
pub mod shard;
pub mod stats;
pub mod topic;
pub mod units;

#[cfg(test)]
mod fixtures;

#[cfg(test)]
mod pipeline_tests;
