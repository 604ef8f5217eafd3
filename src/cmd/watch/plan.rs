//! `mqtt watch` arguments validated into a [`WatchPlan`] before any I/O.

use std::ffi::OsStr;
use std::io::IsTerminal;
use std::time::Duration;

use mqtt_codec::Rule;
use mqtt_proto::{QoS, TopicFilter};
use mqtt_watch::{Settings, ValuePath};

use crate::args::codec::decode_rules;
use crate::args::topics::{topic_filter, utf8_arg};
use crate::cli::watch::WatchArgs;
use crate::connect::{self, ConnectPlan, Environment};
use crate::exit::usage;
use crate::output::color::use_color;

/// How the aggregation is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Display {
    /// The full-screen view (stdout is a terminal).
    Screen { color: bool },
    /// Periodic statistics as text lines.
    Text { escape: bool },
    /// Periodic statistics as JSON lines.
    Json,
}

/// Everything `mqtt watch` does, validated.
#[derive(Debug)]
pub struct WatchPlan {
    pub connect: ConnectPlan,
    pub filters: Vec<TopicFilter>,
    pub qos: QoS,
    pub settings: Settings,
    pub value: Option<ValuePath>,
    pub decode: Vec<Rule>,
    pub display: Display,
    pub interval: Duration,
    pub duration: Option<Duration>,
}

impl WatchPlan {
    /// Builds the plan; `terminal` is whether stdout is a terminal,
    /// `no_color` the value of `NO_COLOR`.
    pub fn build(
        args: &WatchArgs,
        env: &Environment,
        terminal: bool,
        no_color: Option<&OsStr>,
    ) -> anyhow::Result<WatchPlan> {
        let mut filters = args
            .topics
            .iter()
            .map(|raw| topic_filter(&utf8_arg(raw, "-t")?, "-t"))
            .collect::<anyhow::Result<Vec<_>>>()?;
        let value = match &args.value {
            None => None,
            Some(text) => Some(ValuePath::parse(text).ok_or_else(|| {
                usage(format!(
                    "--value {text:?}: a path of field names or indexes separated by dots, e.g. sensor.temp"
                ))
            })?),
        };
        let decode = decode_rules(&args.decode, &args.schema)?;
        for (duration, flag) in [(Some(args.interval), "--interval"), (args.duration, "--duration")]
        {
            if duration == Some(Duration::ZERO) {
                return Err(usage(format!("{flag} must be longer than 0")));
            }
        }
        let mut connect = connect::plan(&args.connect, env)?;
        if let Some(filter) = connect.url_topic.take() {
            filters.push(topic_filter(&filter, "-L")?);
        }
        if filters.is_empty() {
            filters.push(topic_filter("#", "-t")?);
        }
        let display = if args.json {
            Display::Json
        } else if args.stats || !terminal {
            Display::Text { escape: terminal }
        } else {
            Display::Screen { color: use_color(args.color, terminal, no_color) }
        };
        let settings = Settings {
            max_topics: usize::try_from(args.max_topics).unwrap_or(usize::MAX),
            history: args.history as usize,
            // Statistics measure rates between two reports, however late
            // the timer fires.
            rate_window: if matches!(display, Display::Screen { .. }) {
                Duration::from_secs(1)
            } else {
                Duration::ZERO
            },
            ..Settings::default()
        };
        Ok(WatchPlan {
            connect,
            filters,
            qos: args.qos,
            settings,
            value,
            decode,
            display,
            interval: args.interval,
            duration: args.duration,
        })
    }
}

/// Whether stdout is a terminal (the plan's default display).
pub fn stdout_is_terminal() -> bool {
    std::io::stdout().is_terminal()
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;
    use crate::cli::{Cli, Command};

    fn build(args: &[&str], terminal: bool) -> anyhow::Result<WatchPlan> {
        let mut full = vec!["mqtt", "watch"];
        full.extend_from_slice(args);
        let Command::Watch(args) = Cli::try_parse_from(full).unwrap().command else {
            unreachable!()
        };
        WatchPlan::build(&args, &Environment::default(), terminal, None)
    }

    #[test]
    fn defaults_to_everything_on_a_screen_and_to_text_off_a_terminal() {
        let plan = build(&[], true).unwrap();
        assert_eq!(plan.filters[0].as_str(), "#");
        assert_eq!(plan.display, Display::Screen { color: true });
        assert_eq!(build(&[], false).unwrap().display, Display::Text { escape: false });
        assert_eq!(build(&["--stats"], true).unwrap().display, Display::Text { escape: true });
        assert_eq!(build(&["--json"], true).unwrap().display, Display::Json);
        assert_eq!(
            build(&["--color", "never"], true).unwrap().display,
            Display::Screen { color: false }
        );
        let Command::Watch(args) = Cli::try_parse_from(["mqtt", "watch"]).unwrap().command else {
            unreachable!()
        };
        let plan = WatchPlan::build(&args, &Environment::default(), true, Some(OsStr::new("1")));
        assert_eq!(plan.unwrap().display, Display::Screen { color: false }, "NO_COLOR");
        let stats =
            build(&["--stats", "--interval", "5s", "--history", "3", "-t", "a/#"], true).unwrap();
        assert_eq!(stats.interval, Duration::from_secs(5));
        assert_eq!(stats.settings.history, 3);
        assert_eq!(stats.filters.len(), 1);
    }

    #[test]
    fn bad_values_are_usage_errors_naming_the_flag() {
        for (args, flag) in [
            (&["--value", "a..b"][..], "--value"),
            (&["--interval", "0s"], "--interval"),
            (&["--duration", "0s"], "--duration"),
            (&["-t", "a/#/b"], "-t"),
            (&["--decode", "nope"], "--decode"),
        ] {
            let err = build(args, true).unwrap_err();
            assert_eq!(crate::exit::code_number(&err), 2, "{args:?}");
            assert!(format!("{err:#}").contains(flag), "{args:?}: {err:#}");
        }
    }
}
