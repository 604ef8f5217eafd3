//! From the command line to a checked run plan: every option that depends
//! on another is validated here, before any connection is made, and every
//! mistake is a usage error naming the option.

use std::hash::{BuildHasher, Hasher};
use std::ops::Range;
use std::time::{Duration, SystemTime};

use mqtt_client::{ConnectOptions, QoS};

use crate::args::topics::{topic_filter, topic_name};
use crate::cli::bench::{CommonArgs, ConnArgs, LoadArgs};
use crate::cmd::bench::outputs::Outputs;
use crate::connect::open::{self, Tuning};
use crate::connect::{self, ConnectPlan, Environment};
use crate::exit::usage;
use mqtt_bench::config::{redact_url, Scenario};
use mqtt_bench::fail_if::{self, Condition};
use mqtt_bench::payload::check_size;
use mqtt_bench::rng::SplitMix64;
use mqtt_bench::schedule::{Limit, Plan, Rate};
use mqtt_bench::shard::{self, parse_start_at, ShardId};
use mqtt_bench::topic::{Template, Vars};

/// Which scenario runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Publishers and subscribers, end to end (`mqtt bench`).
    PubSub,
    /// Publishers only.
    Pub,
    /// Subscribers only.
    Sub,
    /// Connections only.
    Conn,
}

impl Mode {
    /// The name recorded in reports.
    pub fn name(self) -> &'static str {
        match self {
            Mode::PubSub => "pubsub",
            Mode::Pub => "pub",
            Mode::Sub => "sub",
            Mode::Conn => "conn",
        }
    }
}

/// What a connection is for; it shows in client ids.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Publisher,
    Subscriber,
    Connection,
}

impl Role {
    fn letter(self) -> char {
        match self {
            Role::Publisher => 'p',
            Role::Subscriber => 's',
            Role::Connection => 'c',
        }
    }
}

/// Client identifiers: `-i TEMPLATE`, `-I PREFIX`, or a generated prefix.
#[derive(Clone, Debug)]
pub struct ClientIds {
    template: Option<(Template, bool)>,
    prefix: String,
    username: String,
}

impl ClientIds {
    /// The identifier of connection `index` in `role`.
    pub fn id(&self, role: Role, index: u32) -> String {
        match &self.template {
            Some((template, has_index)) => {
                let vars = Vars { index, client_id: "", username: &self.username, sequence: 0 };
                let mut id = template.expand(&vars, &mut SplitMix64::new(u64::from(index)));
                if !has_index {
                    id.push_str(&format!("-{}{index}", role.letter()));
                }
                id
            }
            None => format!("{}{}{index}", self.prefix, role.letter()),
        }
    }
}

/// What every scenario needs.
pub struct CommonPlan {
    pub connect: ConnectPlan,
    /// Options every connection starts from.
    pub options: ConnectOptions,
    pub ids: ClientIds,
    pub connect_rate: Rate,
    pub connect_concurrency: usize,
    pub threads: usize,
    /// Threads of an in-process broker (`--embedded`: 1), whose CPU the
    /// self-check counts with the generator's, so it counts its core too.
    pub broker_threads: usize,
    pub outputs: Outputs,
    pub fail_if: Vec<Condition>,
    pub shard: Option<ShardId>,
    pub start_at: Option<SystemTime>,
    pub broker_version: bool,
    pub quiet: bool,
    /// `--metrics-listen`.
    pub metrics_listen: Option<std::net::SocketAddr>,
}

impl CommonPlan {
    fn build(args: &CommonArgs, inflight: u16) -> anyhow::Result<CommonPlan> {
        let connect = connect::plan_with_bind_list(&args.connect, &Environment::process())?;
        let mut options =
            open::options(&connect, &Tuning { max_inflight: Some(inflight), ..Tuning::default() })?;
        // -d would print every packet of every connection; the bench
        // installs its own packet hook instead.
        options.trace = None;
        let connect_rate: Rate =
            args.connect_rate.parse().map_err(|err| usage(format!("--connect-rate: {err}")))?;
        let conditions = args.fail_if.join(",");
        let fail_if = if conditions.trim().is_empty() {
            Vec::new()
        } else {
            fail_if::parse(&conditions).map_err(|err| usage(err.to_string()))?
        };
        let shard = args.shard.as_deref().map(str::parse::<ShardId>).transpose().map_err(usage)?;
        let start_at = args.start_at.as_deref().map(parse_start_at).transpose().map_err(usage)?;
        let username = connect.username.clone().unwrap_or_default();
        let template = match &args.connect.client_id {
            Some(text) => {
                let template = Template::parse(text).map_err(|err| usage(format!("-i: {err}")))?;
                Some((template, text.contains("%i")))
            }
            None => None,
        };
        let prefix = match &args.connect.id_prefix {
            Some(prefix) => prefix.clone(),
            None => {
                let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
                hasher.write_u32(std::process::id());
                format!("mqb{:06x}-", hasher.finish() & 0xFF_FFFF)
            }
        };
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        let threads = args.threads.map_or_else(
            || default_threads(cores, &connect.broker.host),
            |threads| threads as usize,
        );
        Ok(CommonPlan {
            quiet: connect.quiet,
            connect,
            options,
            ids: ClientIds { template, prefix, username },
            connect_rate,
            connect_concurrency: args.connect_concurrency as usize,
            threads,
            broker_threads: 0,
            outputs: Outputs::for_run(args)?,
            fail_if,
            shard,
            start_at,
            broker_version: !args.no_sys,
            metrics_listen: args.metrics_listen,
        })
    }

    /// The broker as the report names it: scheme and authority, no password.
    pub fn broker_label(&self) -> String {
        redact_url(&format!(
            "{}://{}",
            self.connect.broker.scheme.name(),
            self.connect.broker.authority()
        ))
    }

    /// The scenario fields every mode shares.
    fn scenario(&self, mode: Mode) -> Scenario {
        Scenario {
            broker: self.broker_label(),
            mqtt_version: match self.options.protocol {
                mqtt_client::ProtocolVersion::V3_1 => "3.1",
                mqtt_client::ProtocolVersion::V3_1_1 => "3.1.1",
                mqtt_client::ProtocolVersion::V5 => "5",
            }
            .into(),
            qos: QoS::AtMostOnce.level(),
            publishers: 0,
            subscribers: 0,
            topic: String::new(),
            filter: String::new(),
            payload_size: 0,
            rate: 0.0,
            inflight: 0,
            warmup_s: 0.0,
            duration_s: None,
            count: None,
            shards: self.shard.map_or(1, |shard| shard.count),
            mode: mode.name().into(),
            retain: false,
            shared: None,
            connect_rate: match self.connect_rate {
                Rate::Saturate => None,
                Rate::PerSecond(rate) => Some(rate),
            },
            subscriber_delay_s: None,
            connections: None,
            hold_s: None,
            churn: false,
            preset: None,
        }
    }
}

/// A checked message scenario (`bench`, `bench pub`, `bench sub`).
pub struct RunPlan {
    pub mode: Mode,
    pub common: CommonPlan,
    pub scenario: Scenario,
    /// Global indices of this shard's publishers and subscribers.
    pub publishers: Range<u32>,
    pub subscribers: Range<u32>,
    pub total_publishers: u32,
    pub qos: QoS,
    pub size: usize,
    pub retain: bool,
    pub topic: Template,
    pub filter: Template,
    pub shared: Option<String>,
    /// One publisher's schedule (before staggering).
    pub schedule: Plan,
    pub inflight: u16,
    pub subscriber_delay: Option<Duration>,
    pub drain: Duration,
    /// `bench sub --count`: measured messages to receive in total.
    pub receive_count: Option<u64>,
}

const DEFAULT_DURATION: Duration = Duration::from_secs(10);
/// Payload bytes without `--size` (or a preset).
const DEFAULT_SIZE: usize = 64;

impl RunPlan {
    /// Checks the options of a message scenario.
    pub fn build(mode: Mode, load: &LoadArgs, common: &CommonArgs) -> anyhow::Result<RunPlan> {
        let load = &crate::cmd::bench::scenario::apply(load);
        let qos = load.qos.unwrap_or(QoS::AtMostOnce);
        let mut common = CommonPlan::build(common, 1)?;
        // MQTT 3.x brokers cap the window without announcing it (mosquitto
        // drops QoS 2 beyond its 20), so 3.x defaults to the client's 20.
        let inflight = load.inflight.unwrap_or(if common.options.protocol.is_v5() {
            64
        } else {
            mqtt_client::DEFAULT_MAX_INFLIGHT_V3
        });
        common.options.max_inflight = Some(inflight);
        let (default_publishers, default_subscribers) = match mode {
            Mode::Pub => (1, 0),
            Mode::Sub => (0, 1),
            _ => (1, 1),
        };
        let total_publishers = load.publishers.unwrap_or(default_publishers);
        let total_subscribers = load.subscribers.unwrap_or(default_subscribers);
        match mode {
            Mode::Pub if total_subscribers > 0 => {
                return Err(usage("`bench pub` has no subscribers; use `mqtt bench` for both"))
            }
            Mode::Sub if total_publishers > 0 => {
                return Err(usage("`bench sub` has no publishers; use `mqtt bench` for both"))
            }
            Mode::Pub | Mode::PubSub if total_publishers == 0 => {
                return Err(usage("--publishers must be at least 1"))
            }
            Mode::Sub if total_subscribers == 0 => {
                return Err(usage("--subscribers must be at least 1"))
            }
            _ => {}
        }
        let size = check_size(load.size.unwrap_or(DEFAULT_SIZE))
            .map_err(|err| usage(format!("--size: {err}")))?;
        let topic_text = load
            .topic
            .clone()
            .or_else(|| common.connect.url_topic.clone())
            .unwrap_or_else(|| "bench/%i".into());
        let topic = Template::parse(&topic_text).map_err(|err| usage(format!("-t: {err}")))?;
        let filter_text = load.filter.clone().unwrap_or_else(|| topic_text.clone());
        let filter =
            Template::parse(&filter_text).map_err(|err| usage(format!("--filter: {err}")))?;
        if let Some(group) = &load.shared {
            if group.is_empty() || group.contains(['/', '+', '#']) {
                return Err(usage(format!(
                    "--shared {group:?}: a share name must be non-empty without '/', '+' or '#'"
                )));
            }
        }
        let total_rate = match (&load.rate, &load.pub_rate) {
            (Some(text), _) => {
                text.parse::<Rate>().map_err(|err| usage(format!("--rate: {err}")))?
            }
            (None, Some(text)) => {
                match text.parse::<Rate>().map_err(|err| usage(format!("--pub-rate: {err}")))? {
                    Rate::PerSecond(rate) => Rate::PerSecond(rate * f64::from(total_publishers)),
                    Rate::Saturate => Rate::Saturate,
                }
            }
            (None, None) => Rate::Saturate,
        };
        let shard_id = common.shard.unwrap_or(ShardId::WHOLE);
        let split = shard::plan(shard_id, total_publishers, total_subscribers, total_rate);
        let own_publishers = split.publishers.len() as u32;
        let limit = match (load.count, load.duration) {
            (Some(count), _) => Limit::Count(count),
            (None, duration) => Limit::Duration(duration.unwrap_or(DEFAULT_DURATION)),
        };
        let per_publisher = split.rate.split(own_publishers.max(1));
        let schedule = Plan::new(per_publisher, load.warmup, limit).map_err(usage)?;
        let mut scenario = common.scenario(mode);
        scenario.qos = qos.level();
        scenario.preset = load.scenario.map(|preset| preset.name().to_owned());
        scenario.publishers = total_publishers;
        scenario.subscribers = total_subscribers;
        scenario.topic = topic_text;
        scenario.filter = filter_text;
        scenario.payload_size = size;
        scenario.rate = total_rate.per_second();
        scenario.inflight = inflight;
        scenario.warmup_s = load.warmup.as_secs_f64();
        match limit {
            Limit::Count(count) => scenario.count = Some(count),
            Limit::Duration(duration) => scenario.duration_s = Some(duration.as_secs_f64()),
        }
        scenario.retain = load.retain;
        scenario.shared = load.shared.clone();
        scenario.subscriber_delay_s = load.subscriber_delay.map(|delay| delay.as_secs_f64());
        let plan = RunPlan {
            mode,
            scenario,
            publishers: split.publishers,
            subscribers: split.subscribers,
            total_publishers,
            qos,
            size,
            retain: load.retain,
            topic,
            filter,
            shared: load.shared.clone(),
            schedule,
            inflight,
            subscriber_delay: load.subscriber_delay,
            drain: load.drain,
            receive_count: if mode == Mode::Sub { load.count } else { None },
            common,
        };
        plan.check_templates()?;
        Ok(plan)
    }

    /// Expands the topic of publisher `index`; `None` when it changes per
    /// message (`%s`, `%rand_N`).
    pub fn static_topic(&self, index: u32) -> Option<anyhow::Result<mqtt_client::Topic>> {
        if self.topic.per_message() {
            return None;
        }
        let client_id = self.common.ids.id(Role::Publisher, index);
        Some(self.expand_topic(index, &client_id, 0, &mut SplitMix64::new(0)))
    }

    /// Expands the topic of publisher `index` for message `sequence`.
    pub fn expand_topic(
        &self,
        index: u32,
        client_id: &str,
        sequence: u64,
        rng: &mut SplitMix64,
    ) -> anyhow::Result<mqtt_client::Topic> {
        let vars = Vars {
            index,
            client_id,
            username: self.common.connect.username.as_deref().unwrap_or(""),
            sequence,
        };
        topic_name(&self.topic.expand(&vars, rng), "-t")
    }

    /// The filter subscriber `index` subscribes to (with `$share/GROUP/`).
    pub fn subscription(&self, index: u32) -> anyhow::Result<mqtt_client::TopicFilter> {
        let client_id = self.common.ids.id(Role::Subscriber, index);
        let vars = Vars {
            index,
            client_id: &client_id,
            username: self.common.connect.username.as_deref().unwrap_or(""),
            sequence: 0,
        };
        let mut rng = SplitMix64::new(u64::from(index));
        let inner = self.filter.expand(&vars, &mut rng);
        let text = match &self.shared {
            Some(group) => format!("$share/{group}/{inner}"),
            None => inner,
        };
        topic_filter(&text, "--filter")
    }

    /// Expands one publisher topic and one filter so that template mistakes
    /// surface before connecting.
    fn check_templates(&self) -> anyhow::Result<()> {
        if let Some(first) = self.publishers.clone().next() {
            let client_id = self.common.ids.id(Role::Publisher, first);
            self.expand_topic(first, &client_id, 0, &mut SplitMix64::new(0))?;
        }
        if let Some(first) = self.subscribers.clone().next() {
            self.subscription(first)?;
        }
        Ok(())
    }
}

/// A checked `bench conn`.
pub struct ConnPlan {
    pub common: CommonPlan,
    pub scenario: Scenario,
    /// Global indices of this shard's connections.
    pub connections: Range<u32>,
    pub hold: Duration,
    /// `--churn` for this long.
    pub churn: Option<Duration>,
}

impl ConnPlan {
    /// Checks the options of `bench conn`.
    pub fn build(args: &ConnArgs) -> anyhow::Result<ConnPlan> {
        let common = CommonPlan::build(&args.common, 1)?;
        let shard_id = common.shard.unwrap_or(ShardId::WHOLE);
        let connections = shard_id.block(args.connections);
        let mut scenario = common.scenario(Mode::Conn);
        scenario.connections = Some(args.connections);
        scenario.hold_s = Some(args.hold.as_secs_f64());
        scenario.churn = args.churn;
        scenario.duration_s = args.duration.map(|duration| duration.as_secs_f64());
        let churn = if args.churn {
            match args.duration {
                Some(duration) if !duration.is_zero() => Some(duration),
                _ => return Err(usage("--churn needs a --duration above 0")),
            }
        } else {
            if args.duration.is_some() {
                return Err(usage(
                    "--duration applies to --churn; use --hold to keep connections open",
                ));
            }
            None
        };
        Ok(ConnPlan { common, scenario, connections, hold: args.hold, churn })
    }
}

/// Worker threads when `--threads` is not given: one per core, but one
/// fewer when the broker is on this machine (a loopback address), because
/// it needs a core too. On 2 cores with mosquitto, 1→1 QoS 1 delivered 97k
/// msg/s with one worker against 76k with two (BENCHMARKS.md, "bench").
fn default_threads(cores: usize, host: &str) -> usize {
    let local = host.eq_ignore_ascii_case("localhost")
        || host.parse::<std::net::IpAddr>().is_ok_and(|address| address.is_loopback());
    if local {
        cores.saturating_sub(1).max(1)
    } else {
        cores.max(1)
    }
}

#[cfg(test)]
mod default_threads_tests {
    use super::default_threads;

    #[test]
    fn a_local_broker_leaves_it_a_core() {
        assert_eq!(default_threads(2, "localhost"), 1);
        assert_eq!(default_threads(8, "127.0.0.1"), 7);
        assert_eq!(default_threads(8, "::1"), 7);
        assert_eq!(default_threads(1, "127.0.0.1"), 1);
        assert_eq!(default_threads(8, "broker.example.com"), 8);
        assert_eq!(default_threads(8, "10.0.0.5"), 8);
    }
}
