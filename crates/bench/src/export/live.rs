//! The once-a-second progress line of a run in progress.

use crate::recorder::{IntervalRow, Phase};
use crate::units::{format_ns, format_quantity};

/// The once-a-second progress line (stderr), wrk2-style:
/// `12s  sent 49.8k/s  recv 49.8k/s  p50 412.0us  p99 2.31ms  inflight 812  lag p99 3.0us`.
pub fn live_line(row: &IntervalRow) -> String {
    let latency = |us: Option<f64>| us.map_or_else(|| "-".to_owned(), |us| format_ns(us * 1e3));
    let phase = match row.phase {
        Phase::Measure => "",
        Phase::Warmup => "  (warmup)",
        Phase::Drain => "  (drain)",
    };
    format!(
        "{:>4.0}s  sent {}/s  recv {}/s  p50 {}  p99 {}  inflight {}  lag p99 {}{}{phase}",
        row.elapsed_s,
        format_quantity(row.send_rate),
        format_quantity(row.recv_rate),
        latency(row.e2e_p50_us),
        latency(row.e2e_p99_us),
        row.inflight,
        latency(row.lag_p99_us),
        if row.errors > 0 { format!("  errors {}", row.errors) } else { String::new() },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures;

    #[test]
    fn live_line_shows_rates_latency_and_phase() {
        let mut row = fixtures::report(&[1000], None).series[0].clone();
        row.elapsed_s = 12.0;
        row.send_rate = 49_800.0;
        row.recv_rate = 49_750.0;
        assert_eq!(
            live_line(&row),
            "  12s  sent 49.8k/s  recv 49.8k/s  p50 12.5us  p99 40.0us  inflight 3  lag p99 500ns"
        );
        row.phase = Phase::Warmup;
        row.errors = 2;
        row.e2e_p99_us = None;
        let warm = live_line(&row);
        assert!(warm.contains("p99 -") && warm.ends_with("errors 2  (warmup)"), "{warm}");
    }
}
