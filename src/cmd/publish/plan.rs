//! `mqtt pub` arguments validated into a [`PublishPlan`] before any I/O:
//! the topic is checked, `-f` and `-s` are read, properties are parsed and
//! the password is resolved. A plan that builds can only fail on the wire.

use std::io::Read;
use std::time::Duration;

use bytes::Bytes;
use mqtt_codec::{Codec, Encoder};
use mqtt_proto::{ProtocolVersion, PublishProperties, QoS, Topic};

use crate::args::codec::encode_codec;
use crate::args::payload::{read_file, read_payload, too_large, MAX_PAYLOAD};
use crate::args::topics::{topic_name, utf8_arg};
use crate::cli::PubArgs;
use crate::connect::{self, ConnectPlan, Environment};
use crate::exit::usage;

/// Where the payloads come from.
#[derive(Debug, PartialEq, Eq)]
pub enum Source {
    /// One payload (-m, -f, -s, -n), sent `repeat` times.
    Fixed(Bytes),
    /// One message per stdin line (-l).
    Lines,
    /// `mqtt sub --json` objects on stdin (--json-lines).
    JsonLines,
}

/// Everything `mqtt pub` does, validated.
#[derive(Debug)]
pub struct PublishPlan {
    pub connect: ConnectPlan,
    /// None only with --json-lines, where each line names its topic.
    pub topic: Option<Topic>,
    /// Given with -q; else 0 (or the recorded QoS for --json-lines).
    pub qos: Option<QoS>,
    /// -r given.
    pub retain: bool,
    pub source: Source,
    pub repeat: u64,
    pub repeat_delay: Duration,
    pub max_inflight: Option<u16>,
    pub properties: PublishProperties,
    /// `--encode`: payloads are JSON text (or `decoded` members) to encode.
    pub encode: Option<Codec>,
    /// `--skip-invalid`: a bad `--json-lines` line is reported and skipped.
    pub skip_invalid: bool,
    /// Reconnect after a lost link (-l and --json-lines, unless `--no-reconnect`).
    pub reconnect: bool,
    /// Failed reconnect attempts in a row before giving up (`--reconnect-limit`).
    pub reconnect_limit: u32,
}

/// `--reconnect-limit` of `pub -l`: with the client's backoff (0.1 s
/// doubling up to 30 s) about 80 s without a broker.
pub const DEFAULT_RECONNECT_LIMIT: u32 = 10;

impl PublishPlan {
    /// Builds the plan; reads `-f FILE` or all of `stdin` for `-s`.
    pub fn build(
        args: &PubArgs,
        env: &Environment,
        stdin: impl Read,
    ) -> anyhow::Result<PublishPlan> {
        // Checks that need no password come first (see connect.rs).
        let topic = match &args.topic {
            Some(raw) => {
                let topic = utf8_arg(raw, "-t")?;
                Some(topic_name(&topic, "-t")?)
            }
            None => None,
        };
        let profile = connect::profile(&args.connect, env)?;
        let encode = match (&args.encode, &profile.encode) {
            (Some(value), _) | (None, Some(value)) if !args.null_message => {
                Some(encode_codec(value, &args.schema, args.avro_single_object)?)
            }
            _ if args.avro_single_object => {
                return Err(usage("--avro-single-object needs --encode avro"))
            }
            _ => None,
        };
        let mut connect = connect::plan_with_profile(&args.connect, &profile, env)?;
        let topic = match (topic, connect.url_topic.take()) {
            (Some(topic), _) => Some(topic),
            (None, Some(topic)) => Some(topic_name(&topic, "-L")?),
            (None, None) => None,
        };
        if topic.is_none() && !args.json_lines {
            return Err(usage("no topic: give -t TOPIC (or a topic path in -L mqtt://host/TOPIC)"));
        }
        connect.properties.add_publish_flags(&args.properties)?;
        if connect.properties.any && connect.protocol != ProtocolVersion::V5 {
            return Err(usage("MQTT 5 message properties need -V 5"));
        }
        let source = source(args, stdin)?;
        if let Source::Fixed(payload) = &source {
            if payload.len() > MAX_PAYLOAD {
                return Err(too_large("-m", payload.len() as u64, false));
            }
        }
        if let (Source::Fixed(payload), Some(codec)) = (&source, &encode) {
            // A payload that cannot be encoded is found before connecting.
            encode_payload(&mut Encoder::new(codec.clone()), payload)
                .map_err(|err| usage(format!("--encode {}: {err:#}", codec.name())))?;
        }
        let properties = connect.properties.publish.clone();
        let streaming = matches!(source, Source::Lines | Source::JsonLines);
        Ok(PublishPlan {
            reconnect: streaming && !args.no_reconnect,
            reconnect_limit: args.reconnect_limit.unwrap_or(DEFAULT_RECONNECT_LIMIT),
            connect,
            topic,
            qos: args.qos,
            retain: args.retain,
            source,
            repeat: args.repeat,
            repeat_delay: args.repeat_delay.unwrap_or_default(),
            max_inflight: args.max_inflight,
            properties,
            encode,
            skip_invalid: args.skip_invalid,
        })
    }
}

/// A payload typed as text (-m, -f, -s, -l), encoded.
pub fn encode_payload(encoder: &mut Encoder, payload: &[u8]) -> anyhow::Result<Bytes> {
    let text = std::str::from_utf8(payload)
        .map_err(|err| anyhow::anyhow!("the input is not UTF-8 text ({err})"))?;
    Ok(Bytes::from(encoder.encode_text(text.trim_end_matches(['\n', '\r']))?))
}

fn source(args: &PubArgs, mut stdin: impl Read) -> anyhow::Result<Source> {
    if let Some(message) = &args.message {
        return Ok(Source::Fixed(Bytes::copy_from_slice(message.as_encoded_bytes())));
    }
    if let Some(path) = &args.file {
        return read_file(path, "-f").map(Source::Fixed);
    }
    if args.stdin_file {
        return read_payload(&mut stdin, "-s (standard input)").map(Source::Fixed);
    }
    if args.null_message {
        return Ok(Source::Fixed(Bytes::new()));
    }
    if args.stdin_line {
        return Ok(Source::Lines);
    }
    Ok(Source::JsonLines)
}

#[cfg(test)]
mod tests {
    use bytes::Bytes;
    use clap::Parser;

    use super::{PublishPlan, Source};
    use crate::cli::{Cli, Command};
    use crate::connect::Environment;

    fn build(args: &[&str], stdin: &[u8]) -> anyhow::Result<PublishPlan> {
        let mut full = vec!["mqtt", "pub"];
        full.extend_from_slice(args);
        let Command::Pub(args) = Cli::try_parse_from(full)?.command else { unreachable!() };
        let env = Environment { prompt: Box::new(|| Ok("typed".into())), ..Environment::default() };
        PublishPlan::build(&args, &env, stdin)
    }

    #[test]
    fn payload_sources() {
        assert_eq!(
            build(&["-t", "a", "-m", "hi"], b"").unwrap().source,
            Source::Fixed(Bytes::from("hi"))
        );
        assert_eq!(build(&["-t", "a", "-n"], b"").unwrap().source, Source::Fixed(Bytes::new()));
        assert_eq!(
            build(&["-t", "a", "-s"], b"all\nof it").unwrap().source,
            Source::Fixed(Bytes::from("all\nof it"))
        );
        assert_eq!(build(&["-t", "a", "-l"], b"").unwrap().source, Source::Lines);
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("payload.bin");
        std::fs::write(&file, b"\x00\xff").unwrap();
        let plan = build(&["-t", "a", "-f", file.to_str().unwrap()], b"").unwrap();
        assert_eq!(plan.source, Source::Fixed(Bytes::from_static(b"\x00\xff")));
        let err = build(&["-t", "a", "-f", "/nonexistent/file"], b"").unwrap_err();
        assert!(err.to_string().contains("/nonexistent/file"), "{err}");
    }

    #[test]
    fn exactly_one_source_is_required() {
        assert!(build(&["-t", "a"], b"").is_err());
        assert!(build(&["-t", "a", "-m", "x", "-l"], b"").is_err());
        assert!(build(&["-t", "a", "-l", "--repeat", "3"], b"").is_err());
    }

    #[test]
    fn topic_comes_from_t_or_the_url() {
        let plan = build(&["-L", "mqtt://127.0.0.1:1/x/y", "-m", "m"], b"").unwrap();
        assert_eq!(plan.topic.unwrap().as_str(), "x/y");
        let err = build(&["-m", "m"], b"").unwrap_err();
        assert!(err.to_string().contains("no topic"), "{err}");
        let err = build(&["-t", "a/+/b", "-m", "m"], b"").unwrap_err();
        assert!(err.to_string().contains("wildcard '+'"), "{err}");
        assert!(build(&["--json-lines"], b"").unwrap().topic.is_none());
        let err = build(&["-L", "mqtt://h/a/#", "-m", "m"], b"").unwrap_err();
        assert!(err.to_string().contains("-L \"a/#\": topic name contains the wildcard"), "{err}");
    }

    #[test]
    fn property_flags_need_v5() {
        let plan = build(
            &["-t", "a", "-m", "m", "--user-property", "k=v", "--message-expiry", "10m"],
            b"",
        )
        .unwrap();
        let pairs: Vec<(&str, &str)> =
            plan.properties.user_properties().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(pairs, [("k", "v")]);
        assert_eq!(plan.properties.message_expiry_interval(), Some(600));
        let err =
            build(&["-V", "311", "-t", "a", "-m", "m", "--content-type", "x"], b"").unwrap_err();
        assert!(err.to_string().contains("-V 5"), "{err}");
        let err = build(&["-t", "a", "-m", "m", "--user-property", "novalue"], b"").unwrap_err();
        assert!(err.to_string().contains("KEY=VALUE"), "{err}");
    }
}
