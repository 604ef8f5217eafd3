//! Once a second: gather the worker recorders into the run's recorder,
//! close an interval row, show the live line and append to `--hdr-log`.
//!
//! Policy: the live line goes to standard error through indicatif and is
//! hidden when standard error is not a terminal (or with `--quiet`), so CI
//! logs stay clean. The hdr-log is written as the run goes, so a crashed run
//! still leaves its intervals behind.

use std::fs::File;
use std::io::{IsTerminal, Write};
use std::path::Path;
use std::time::{Duration, Instant, SystemTime};

use anyhow::Context;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::cmd::bench::metrics::MetricsBoard;
use crate::cmd::bench::workers::Registry;
use mqtt_bench::delivery::DeliveryCounts;
use mqtt_bench::errors::ErrorCounts;
use mqtt_bench::export::hdr_log::HdrLogWriter;
use mqtt_bench::export::live::live_line;
use mqtt_bench::export::prometheus::Snapshot;
use mqtt_bench::recorder::{IntervalRow, MeasureWindow, Phase, Recorder};
use mqtt_bench::stats::{LatencyKind, Sample};
use mqtt_bench::units::{format_ns, format_quantity};

/// The run's own recorder and what it has produced so far.
pub struct Collector {
    pub recorder: Recorder,
    pub errors: ErrorCounts,
    pub series: Vec<IntervalRow>,
    hdr_log: Option<(HdrLogWriter, File)>,
    live: ProgressBar,
    quiet: bool,
    /// `--metrics-listen`: updated with every interval.
    metrics: Option<MetricsBoard>,
    start: Instant,
    last: Instant,
}

impl Collector {
    /// A collector, with the live line unless `quiet`.
    pub fn new(quiet: bool) -> Collector {
        let live = if quiet || !std::io::stderr().is_terminal() {
            ProgressBar::hidden()
        } else {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            bar.set_style(
                ProgressStyle::with_template("{spinner} {msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            bar.enable_steady_tick(Duration::from_millis(200));
            bar
        };
        let now = Instant::now();
        Collector {
            // The window lives in the worker recorders; this one only adds
            // them up, so any window works here.
            recorder: Recorder::new(MeasureWindow { start_ns: 0, end_ns: None }),
            errors: ErrorCounts::default(),
            series: Vec::new(),
            hdr_log: None,
            live,
            quiet,
            metrics: None,
            start: now,
            last: now,
        }
    }

    /// Opens `--hdr-log` and writes its header.
    pub fn open_hdr_log(
        &mut self,
        path: &Path,
        start: SystemTime,
        comment: &str,
    ) -> anyhow::Result<()> {
        let mut writer = HdrLogWriter::new(start);
        let mut file =
            File::create(path).with_context(|| format!("--hdr-log {}", path.display()))?;
        let header = writer.header(comment).map_err(anyhow::Error::msg)?;
        file.write_all(&header).with_context(|| format!("writing {}", path.display()))?;
        self.hdr_log = Some((writer, file));
        Ok(())
    }

    /// Prints a diagnostic line above the live line (none with `--quiet`).
    pub fn note(&self, text: &str) {
        if !self.quiet {
            self.live.suspend(|| diag!("{text}"));
        }
    }

    /// Shows a status line (connecting, draining) until the next row.
    pub fn status(&self, text: String) {
        self.live.set_message(text);
    }

    /// Measures intervals from `start` (the schedule start).
    pub fn set_start(&mut self, start: Instant) {
        self.start = start;
        self.last = start;
    }

    /// Closes one interval: gathers the workers and returns its row.
    pub fn tick(
        &mut self,
        registry: &Registry,
        phase: Phase,
        inflight: u64,
        describe: impl Fn(&IntervalRow, &Sample) -> String,
    ) -> anyhow::Result<()> {
        registry.collect(&mut self.recorder, &mut self.errors).map_err(anyhow::Error::msg)?;
        let now = Instant::now();
        let elapsed = now.saturating_duration_since(self.start);
        let length = now.saturating_duration_since(self.last);
        let offset = self.last.saturating_duration_since(self.start);
        self.last = now;
        let row = self.recorder.end_interval(elapsed, length, phase, inflight);
        if let Some((writer, file)) = &mut self.hdr_log {
            let lines = writer
                .interval(offset, length, &self.recorder.last_interval().latencies)
                .map_err(anyhow::Error::msg)?;
            file.write_all(&lines).context("writing --hdr-log")?;
        }
        self.live.set_message(describe(&row, self.recorder.last_interval()));
        self.series.push(row);
        self.update_metrics(None);
        Ok(())
    }

    /// Serves the figures to Prometheus from now on.
    pub fn serve_metrics(&mut self, board: MetricsBoard) {
        self.metrics = Some(board);
    }

    /// Renders the totals (and, at the end, delivery) for the next scrape.
    pub fn update_metrics(&self, delivery: Option<&DeliveryCounts>) {
        if let Some(board) = &self.metrics {
            let totals = self.recorder.total();
            board.update(&Snapshot { totals, errors: &self.errors, delivery });
        }
    }

    /// Removes the live line.
    pub fn finish(&mut self) -> anyhow::Result<()> {
        self.live.finish_and_clear();
        if let Some((_, file)) = &mut self.hdr_log {
            file.flush().context("writing --hdr-log")?;
        }
        Ok(())
    }
}

/// The live line of the message scenarios.
pub fn message_line(row: &IntervalRow, _interval: &Sample) -> String {
    live_line(row)
}

/// The live line of `bench conn`.
pub fn connection_line(row: &IntervalRow, interval: &Sample) -> String {
    let connect = interval.latencies.get(LatencyKind::Connect);
    let quantile =
        |q: f64| connect.map_or("-".to_owned(), |h| format_ns(h.value_at_quantile(q) as f64));
    format!(
        "{:>4.0}s  connects {}/s  accepted {}  failed {}  connect p50 {}  p99 {}",
        row.elapsed_s,
        format_quantity(row.send_rate),
        row.completed,
        row.sent - row.completed,
        quantile(0.5),
        quantile(0.99)
    )
}
