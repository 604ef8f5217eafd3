//! What `mqtt sub` shows besides the message lines, once a second:
//! `--message-rate` on stderr and the `--watch` table on the terminal.
//!
//! Policy: `--watch` needs stdout to be a terminal; on a pipe or file it is
//! a usage error (exit 2) that points at `--json` and
//! `--message-rate=topic`, because a redrawn table is no use to a program
//! and a growing log of snapshots would be a worse `--json`.

use std::io::{IsTerminal, Write};
use std::time::Duration;

use tokio::time::{interval_at, Instant, Interval, MissedTickBehavior};

use crate::cmd::subscribe::plan::SubscribePlan;
use crate::cmd::subscribe::rate::RateMeter;
use crate::exit::usage;
use crate::output::watch::{self, WatchTable};

/// The rate meter and the watch table, and their clock.
pub struct Live {
    rate: Option<(RateMeter, Instant)>,
    watch: Option<WatchTable>,
    ticker: Interval,
}

impl Live {
    /// `None` when neither `--message-rate` nor `--watch` was given.
    pub fn new(plan: &SubscribePlan) -> anyhow::Result<Option<Live>> {
        if plan.watch && !std::io::stdout().is_terminal() {
            return Err(usage(
                "--watch redraws a table on a terminal and stdout is not one; \
                 use --json for a pipe or file, or --message-rate=topic for rates per topic",
            ));
        }
        if plan.message_rate.is_none() && !plan.watch {
            return Ok(None);
        }
        let escape = std::io::stderr().is_terminal();
        let rate =
            plan.message_rate.map(|by| (RateMeter::new(by, &plan.filters, escape), Instant::now()));
        let second = Duration::from_secs(1);
        let mut ticker = interval_at(Instant::now() + second, second);
        ticker.set_missed_tick_behavior(MissedTickBehavior::Delay);
        Ok(Some(Live { rate, watch: plan.watch.then(WatchTable::default), ticker }))
    }

    /// Clears the screen for the table.
    pub fn start<W: Write>(&mut self, out: &mut W) -> std::io::Result<()> {
        if self.watch.is_some() {
            out.write_all(watch::CLEAR)?;
            self.redraw(out)?;
        }
        Ok(())
    }

    /// Counts a message for the rate (every message received counts).
    pub fn count(&mut self, topic: &str) {
        if let Some((meter, _)) = &mut self.rate {
            meter.count(topic);
        }
    }

    /// Puts a message in the table; `false` when there is no table and the
    /// message is to be printed as a line.
    pub fn show(&mut self, topic: &str, payload: &[u8]) -> bool {
        match &mut self.watch {
            Some(table) => {
                table.record(topic, payload, std::time::Instant::now());
                true
            }
            None => false,
        }
    }

    /// Waits for the next second.
    pub async fn tick(&mut self) {
        self.ticker.tick().await;
    }

    /// Prints the rate and redraws the table (ages change every second).
    pub fn on_tick<W: Write>(&mut self, out: &mut W) -> std::io::Result<()> {
        if let Some((meter, since)) = &mut self.rate {
            let now = Instant::now();
            diag!("{}", meter.report(now - *since));
            *since = now;
        }
        self.redraw(out)
    }

    /// Redraws the table, if there is one.
    pub fn redraw<W: Write>(&mut self, out: &mut W) -> std::io::Result<()> {
        if let Some(table) = &self.watch {
            let (columns, lines) = watch::terminal_size();
            table.draw(out, std::time::Instant::now(), columns, lines)?;
        }
        Ok(())
    }
}

/// Resolves at the next tick of `live`; never without it.
pub async fn next_tick(live: &mut Option<Live>) {
    match live {
        Some(live) => live.tick().await,
        None => std::future::pending().await,
    }
}
