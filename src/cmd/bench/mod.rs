//! `mqtt bench`: flood a broker and measure QoS 0/1/2 throughput and latency.
//!
//! This directory holds the measurement core, which needs no network: the
//! payload header, the open-loop schedule, recorders, delivery accounting,
//! `--fail-if`, the versioned report and its exporters, shard planning and
//! `mqtt bench merge`. The runner that drives connections calls into these.
//! docs/bench.md explains the measurement model.

// The runner and CLI wiring land later (issue 6); until then most of this is
// only reached from tests.
#![allow(dead_code)]

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
