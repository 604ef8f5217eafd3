//! `mqtt bench` at scale against a real mosquitto: scenario presets and
//! their topology, live Prometheus metrics.

// -A/--bind with a CIDR block: per-address counts in the report.
mod addresses;
// --metrics-listen scraped mid-run by Prometheus's reference parser.
mod metrics;
// --scenario presets: who receives what.
mod scenarios;
