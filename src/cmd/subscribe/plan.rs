//! `mqtt sub` arguments validated into a [`SubscribePlan`] before any I/O.

use std::time::Duration;

use mqtt_proto::{ProtocolVersion, QoS, TopicFilter};

use crate::args::codec::decode_rules;
use crate::args::topics::{topic_filter, utf8_arg};
use crate::cli::subscribe::{RateBy, RetainHandlingArg, SubArgs};
use crate::connect::{self, ConnectPlan, Environment};
use crate::exit::usage;
use crate::output::printer::{OutputMode, OutputPlan};

/// When the subscription ends by itself.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Ending {
    pub count: Option<u64>,
    pub timeout: Option<Duration>,
    pub idle_timeout: Option<Duration>,
    pub after_subscribe: bool,
    /// --retained-only: end at the first fresh message, or after this quiet
    /// period without another retained one.
    pub retained_only: Option<Duration>,
}

/// Everything `mqtt sub` does, validated.
#[derive(Debug)]
pub struct SubscribePlan {
    pub connect: ConnectPlan,
    pub filters: Vec<TopicFilter>,
    pub qos: QoS,
    pub no_local: bool,
    pub retain_as_published: bool,
    pub retain_handling: Option<RetainHandlingArg>,
    pub filter_out: Vec<TopicFilter>,
    pub unsubscribe: Vec<TopicFilter>,
    pub output: OutputPlan,
    /// `--watch`: a table per topic on the terminal instead of lines.
    pub watch: bool,
    /// `--message-rate`: rates on stderr each second.
    pub message_rate: Option<RateBy>,
    pub skip_retained: bool,
    pub remove_retained: bool,
    pub ending: Ending,
    /// Reconnect after a lost link (unless `-E` or `--no-reconnect`).
    pub reconnect: bool,
    /// Failed reconnect attempts in a row before giving up (`None`: never).
    pub reconnect_limit: Option<u32>,
}

impl SubscribePlan {
    /// Builds the plan.
    pub fn build(args: &SubArgs, env: &Environment) -> anyhow::Result<SubscribePlan> {
        let mut filters = checked_filters(&args.topics, "-t")?;
        let filter_out = checked_filters(&args.filter_out, "-T")?;
        let unsubscribe = checked_filters(&args.unsubscribe, "-U")?;
        let profile = connect::profile(&args.connect, env)?;
        // The command line's codecs replace the profile's, not add to them.
        let decode = if args.decode.is_empty() { &profile.decode } else { &args.decode };
        let decode = decode_rules(decode, &args.schema)?;
        if args.strict_decode && decode.is_empty() {
            return Err(usage("--strict-decode needs --decode (or a profile's decode)"));
        }
        let mut connect = connect::plan_with_profile(&args.connect, &profile, env)?;
        if let Some(filter) = connect.url_topic.take() {
            filters.push(topic_filter(&filter, "-L")?);
        }
        if filters.is_empty() && unsubscribe.is_empty() {
            return Err(usage("no topic filter: give -t FILTER (repeatable; + and # allowed)"));
        }
        let v5_only = [
            (args.no_local, "--no-local"),
            (args.retain_as_published, "--retain-as-published"),
            (args.retain_handling.is_some(), "--retain-handling"),
        ];
        if connect.protocol != ProtocolVersion::V5 {
            if let Some((_, flag)) = v5_only.iter().find(|(given, _)| *given) {
                return Err(usage(format!(
                    "{flag} is an MQTT 5 subscription option; drop -V or use -V 5"
                )));
            }
        }
        for (duration, flag) in [(args.timeout, "-W"), (args.idle_timeout, "--idle-timeout")] {
            if duration == Some(Duration::ZERO) {
                return Err(usage(format!("{flag} must be longer than 0")));
            }
        }
        let output = OutputPlan {
            mode: OutputMode::choose(args.format.as_deref(), args.json, args.verbose)?,
            no_eol: args.no_eol,
            pretty: args.pretty,
            color: args.color,
            decode,
            strict_decode: args.strict_decode,
            quiet: connect.quiet,
        };
        Ok(SubscribePlan {
            connect,
            filters,
            qos: args.qos,
            no_local: args.no_local,
            retain_as_published: args.retain_as_published,
            retain_handling: args.retain_handling,
            filter_out,
            unsubscribe,
            output,
            watch: args.watch,
            message_rate: args.message_rate,
            skip_retained: args.skip_retained,
            remove_retained: args.remove_retained,
            reconnect: !args.exit_after_subscribe && !args.no_reconnect,
            reconnect_limit: args.reconnect_limit,
            ending: Ending {
                count: args.count,
                timeout: args.timeout,
                idle_timeout: args.idle_timeout,
                after_subscribe: args.exit_after_subscribe,
                retained_only: args.retained_only.then_some(args.retained_wait),
            },
        })
    }
}

fn checked_filters(raw: &[std::ffi::OsString], flag: &str) -> anyhow::Result<Vec<TopicFilter>> {
    raw.iter().map(|value| topic_filter(&utf8_arg(value, flag)?, flag)).collect()
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::SubscribePlan;
    use crate::cli::{Cli, Command};
    use crate::connect::Environment;
    use crate::output::printer::OutputMode;

    fn build(args: &[&str]) -> anyhow::Result<SubscribePlan> {
        let mut full = vec!["mqtt", "sub"];
        full.extend_from_slice(args);
        let Command::Sub(args) = Cli::try_parse_from(full)?.command else { unreachable!() };
        let env = Environment { prompt: Box::new(|| Ok("typed".into())), ..Environment::default() };
        SubscribePlan::build(&args, &env)
    }

    #[test]
    fn filters_are_checked_and_collected() {
        let plan = build(&["-t", "a/+", "-t", "b/#", "-T", "a/secret"]).unwrap();
        let texts = |filters: &[mqtt_proto::TopicFilter]| -> Vec<String> {
            filters.iter().map(|f| f.as_str().to_owned()).collect()
        };
        assert_eq!(texts(&plan.filters), ["a/+", "b/#"]);
        assert_eq!(texts(&plan.filter_out), ["a/secret"]);
        let err = build(&["-t", "a/#/b"]).unwrap_err();
        assert!(err.to_string().contains("-t \"a/#/b\""), "{err}");
        assert!(build(&[]).unwrap_err().to_string().contains("no topic filter"));
        assert_eq!(texts(&build(&["-L", "mqtt://h/x/#"]).unwrap().filters), ["x/#"]);
    }

    #[test]
    fn output_modes() {
        assert_eq!(build(&["-t", "a"]).unwrap().output.mode, OutputMode::Plain { verbose: false });
        assert_eq!(
            build(&["-t", "a", "-v"]).unwrap().output.mode,
            OutputMode::Plain { verbose: true }
        );
        assert_eq!(
            build(&["-t", "a", "-F", "%t"]).unwrap().output.mode,
            OutputMode::Format("%t".parse().unwrap())
        );
        assert_eq!(build(&["-t", "a", "--json"]).unwrap().output.mode, OutputMode::Json);
        assert!(build(&["-t", "a", "--json", "-F", "%t"]).is_err());
        let err = build(&["-t", "a", "-F", "%Z"]).unwrap_err().to_string();
        assert!(err.starts_with("-F \"%Z\": "), "{err}");
    }

    #[test]
    fn codecs_are_checked_before_connecting() {
        assert_eq!(
            build(&["-t", "a", "--decode", "a/#=json", "--decode", "auto"])
                .unwrap()
                .output
                .decode
                .len(),
            2
        );
        let err = build(&["-t", "a", "--strict-decode"]).unwrap_err().to_string();
        assert!(err.contains("--strict-decode needs --decode"), "{err}");
        assert!(build(&["-t", "a", "--decode", "nope"]).is_err());
    }

    #[test]
    fn v5_options_are_refused_on_v311() {
        let err = build(&["-t", "a", "-V", "311", "--no-local"]).unwrap_err();
        assert!(err.to_string().contains("--no-local"), "{err}");
        assert!(build(&["-t", "a", "--no-local", "--retain-handling", "never"]).is_ok());
        assert!(build(&["-t", "a", "-W", "0"]).unwrap_err().to_string().contains("longer than 0"));
    }

    #[test]
    fn message_rate_and_watch_are_read() {
        use crate::cli::subscribe::RateBy;
        assert_eq!(build(&["-t", "a"]).unwrap().message_rate, None);
        assert_eq!(
            build(&["-t", "a", "--message-rate"]).unwrap().message_rate,
            Some(RateBy::Total)
        );
        let plan = build(&["-t", "a", "--message-rate=topic"]).unwrap();
        assert_eq!(plan.message_rate, Some(RateBy::Topic));
        // `=` is required, so a topic after the flag is not taken as its value.
        assert!(build(&["--message-rate", "-t", "a"]).is_ok());
        assert!(build(&["-t", "a", "--message-rate=nope"]).is_err());
        assert!(build(&["-t", "a", "-w"]).unwrap().watch);
        assert!(build(&["-t", "a", "--watch", "--json"]).is_err());
        assert!(build(&["-t", "a", "--watch", "--message-rate"]).is_err());
    }
}
