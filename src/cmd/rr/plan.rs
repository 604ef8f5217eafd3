//! `mqtt rr` arguments validated into an [`RrPlan`] before any I/O: the
//! topics are checked, `-f`/`-s` read, the response topic and correlation
//! data generated when not given, and the MQTT 3.1.1 limits enforced.

use std::ffi::OsString;
use std::io::Read;
use std::time::Duration;

use bytes::Bytes;
use mqtt_proto::{ProtocolVersion, PublishProperties, QoS, Topic, TopicFilter};

use crate::args::codec::decode_rules;
use crate::args::payload::{read_file, read_payload, too_large, MAX_PAYLOAD};
use crate::args::topics::{topic_filter, topic_name, utf8_arg};
use crate::cli::rr::RrArgs;
use crate::connect::{self, ConnectPlan, Environment};
use crate::exit::usage;
use crate::output::printer::{OutputMode, OutputPlan};

/// Where the request payloads come from.
#[derive(Debug, PartialEq, Eq)]
pub enum Requests {
    /// One request (-m, -f, -s, -n).
    One(Bytes),
    /// One request per stdin line (-l).
    Lines,
}

/// Sending requests and printing their responses.
#[derive(Debug)]
pub struct RequestPlan {
    pub topic: Topic,
    pub response_topic: Topic,
    pub requests: Requests,
    /// The first request's correlation data; with -l, each line gets this
    /// followed by `-N`. `None` before MQTT 5.
    pub correlation: Option<Bytes>,
    pub qos: QoS,
    /// Responses wanted per request (-C, default 1).
    pub per_request: u64,
    pub timeout: Option<Duration>,
    pub latency: bool,
    pub output: OutputPlan,
    /// `-D publish …` properties of every request.
    pub properties: PublishProperties,
}

/// Answering requests with a command.
#[derive(Debug)]
pub struct RespondPlan {
    pub filter: TopicFilter,
    /// `-e`: where to answer a request without a Response Topic.
    pub fallback_topic: Option<Topic>,
    pub command: Vec<OsString>,
    pub concurrency: usize,
    pub qos: QoS,
    /// Stop after answering this many requests (-C).
    pub count: Option<u64>,
    /// Stop answering after this long (-W), exit 0.
    pub timeout: Option<Duration>,
}

/// Which side of the exchange.
#[derive(Debug)]
pub enum Side {
    Request(RequestPlan),
    Respond(RespondPlan),
}

/// Everything `mqtt rr` does, validated.
#[derive(Debug)]
pub struct RrPlan {
    pub connect: ConnectPlan,
    pub side: Side,
}

impl RrPlan {
    /// Builds the plan; reads `-f FILE` or all of `stdin` for `-s`.
    pub fn build(args: &RrArgs, env: &Environment, stdin: impl Read) -> anyhow::Result<RrPlan> {
        let topic_text = args.topic.as_deref().map(|raw| utf8_arg(raw, "-t")).transpose()?;
        let response_text =
            args.response_topic.as_deref().map(|raw| utf8_arg(raw, "-e")).transpose()?;
        let response_topic =
            response_text.as_deref().map(|text| topic_name(text, "-e")).transpose()?;
        if args.respond {
            let Some(filter) = topic_text else {
                return Err(usage(
                    "--respond needs -t FILTER: the topic filter requests arrive on",
                ));
            };
            let filter = topic_filter(&filter, "-t")?;
            let connect = connect::plan(&args.connect, env)?;
            return Ok(RrPlan {
                connect,
                side: Side::Respond(RespondPlan {
                    filter,
                    fallback_topic: response_topic,
                    command: args.command.clone(),
                    concurrency: args.concurrency as usize,
                    qos: args.qos,
                    count: args.count,
                    timeout: args.timeout,
                }),
            });
        }
        if !args.command.is_empty() {
            return Err(usage("a command after -- is for --respond"));
        }
        let topic = topic_text.map(|text| topic_name(&text, "-t")).transpose()?;
        let mut connect = connect::plan(&args.connect, env)?;
        let topic = match (topic, connect.url_topic.take()) {
            (Some(topic), _) => topic,
            (None, Some(text)) => topic_name(&text, "-L")?,
            (None, None) => return Err(usage("no request topic: give -t TOPIC")),
        };
        let v5 = connect.protocol == ProtocolVersion::V5;
        let response_topic = match (response_topic, v5) {
            (Some(topic), _) => topic,
            (None, true) => topic_name(&format!("mqtt-rr/{}", random_hex(8)?), "-e")?,
            (None, false) => {
                return Err(usage(
                    "MQTT 3.1.1 carries no Response Topic: give -e TOPIC, the topic the responder answers on",
                ))
            }
        };
        if args.correlation_data.is_some() && !v5 {
            return Err(usage("--correlation-data is an MQTT 5 property; drop -V or use -V 5"));
        }
        let correlation = match (&args.correlation_data, v5) {
            (Some(text), _) => Some(Bytes::from(text.clone().into_bytes())),
            (None, true) => Some(Bytes::from(random_hex(8)?.into_bytes())),
            (None, false) => None,
        };
        let requests = requests(args, stdin)?;
        let mode = OutputMode::choose(args.format.as_deref(), args.json, args.verbose)?;
        Ok(RrPlan {
            side: Side::Request(RequestPlan {
                topic,
                response_topic,
                requests,
                correlation,
                qos: args.qos,
                per_request: args.count.unwrap_or(1),
                timeout: args.timeout,
                latency: args.latency,
                output: OutputPlan {
                    mode,
                    no_eol: args.no_eol,
                    pretty: args.pretty,
                    color: args.color,
                    decode: decode_rules(&args.decode, &args.schema)?,
                    strict_decode: false,
                    quiet: connect.quiet,
                },
                properties: connect.properties.publish.clone(),
            }),
            connect,
        })
    }
}

fn requests(args: &RrArgs, mut stdin: impl Read) -> anyhow::Result<Requests> {
    if let Some(message) = &args.message {
        let payload = Bytes::copy_from_slice(message.as_encoded_bytes());
        if payload.len() > MAX_PAYLOAD {
            return Err(too_large("-m", payload.len() as u64, false));
        }
        return Ok(Requests::One(payload));
    }
    if let Some(path) = &args.file {
        return read_file(path, "-f").map(Requests::One);
    }
    if args.stdin_file {
        return read_payload(&mut stdin, "-s (standard input)").map(Requests::One);
    }
    if args.null_message {
        return Ok(Requests::One(Bytes::new()));
    }
    if args.stdin_line {
        return Ok(Requests::Lines);
    }
    Err(usage("no request: give it with -m, -f, -s, -l or -n (or answer requests with --respond)"))
}

/// `bytes` random bytes as lowercase hex.
fn random_hex(bytes: usize) -> anyhow::Result<String> {
    let mut buffer = vec![0u8; bytes];
    getrandom::fill(&mut buffer).map_err(|err| anyhow::anyhow!("no randomness: {err}"))?;
    Ok(buffer.iter().map(|byte| format!("{byte:02x}")).collect())
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::{Requests, RrPlan, Side};
    use crate::cli::{Cli, Command};
    use crate::connect::Environment;

    fn build(args: &[&str]) -> anyhow::Result<RrPlan> {
        let mut full = vec!["mqtt", "rr"];
        full.extend_from_slice(args);
        let Command::Rr(args) = Cli::try_parse_from(full)?.command else { unreachable!() };
        RrPlan::build(&args, &Environment::default(), &b"from stdin"[..])
    }

    fn request(args: &[&str]) -> super::RequestPlan {
        match build(args).unwrap().side {
            Side::Request(plan) => plan,
            Side::Respond(_) => panic!("a responder"),
        }
    }

    #[test]
    fn a_request_gets_a_generated_response_topic_and_correlation_data() {
        let plan = request(&["-t", "svc/req", "-m", "hi"]);
        assert_eq!(plan.topic.as_str(), "svc/req");
        assert!(plan.response_topic.as_str().starts_with("mqtt-rr/"), "{}", plan.response_topic);
        assert_eq!(plan.correlation.as_ref().unwrap().len(), 16);
        assert_eq!(plan.requests, Requests::One("hi".into()));
        assert_eq!(plan.per_request, 1);
        let given = request(&["-t", "a", "-e", "b", "--correlation-data", "c1", "-s", "-C", "2"]);
        assert_eq!(given.response_topic.as_str(), "b");
        assert_eq!(given.correlation.as_deref(), Some(&b"c1"[..]));
        assert_eq!(given.requests, Requests::One("from stdin".into()));
        assert_eq!(given.per_request, 2);
    }

    #[test]
    fn mqtt_3_1_1_needs_a_response_topic_and_has_no_correlation_data() {
        let err = build(&["-V", "311", "-t", "a", "-m", "x"]).unwrap_err().to_string();
        assert!(err.contains("give -e TOPIC"), "{err}");
        let plan = request(&["-V", "311", "-t", "a", "-e", "b", "-l"]);
        assert_eq!((plan.correlation, plan.requests), (None, Requests::Lines));
        assert!(build(&["-V", "311", "-t", "a", "-e", "b", "-m", "x", "--correlation-data", "c"])
            .is_err());
    }

    #[test]
    fn bad_input_is_refused_before_connecting() {
        for args in [
            &["-m", "x"][..],
            &["-t", "a"],
            &["-t", "a/#", "-m", "x"],
            &["-t", "a", "-e", "b/+", "-m", "x"],
            &["-t", "a", "-m", "x", "-l"],
            &["-t", "a", "-m", "x", "--", "cat"],
            &["--respond", "-t", "a/#"],
            &["--respond", "-m", "x", "-t", "a", "--", "cat"],
            &["-t", "a", "-m", "x", "-F", "%Z"],
        ] {
            assert!(build(args).is_err(), "{args:?} accepted");
        }
    }

    #[test]
    fn a_responder_takes_a_filter_and_a_command() {
        let plan = build(&[
            "--respond",
            "-t",
            "svc/+",
            "--concurrency",
            "2",
            "-C",
            "3",
            "--",
            "tr",
            "a-z",
            "A-Z",
        ])
        .unwrap();
        let Side::Respond(plan) = plan.side else { panic!("a requester") };
        assert_eq!(plan.filter.as_str(), "svc/+");
        assert_eq!(plan.command, ["tr", "a-z", "A-Z"]);
        assert_eq!((plan.concurrency, plan.count), (2, Some(3)));
    }
}
