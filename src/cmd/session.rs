//! Connecting for `pub` and `sub`: a [`ConnectPlan`] becomes the client's
//! `ConnectOptions`, `-d` installs the packet trace, and every client error
//! becomes an error carrying its exit code (see `exit.rs`) and a message
//! that says what to do about it.

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use bytes::Bytes;
use mqtt_client::{
    ClientError, ConnectOptions, Direction, LastWill, Packet, ProtocolVersion, QoS,
    ReconnectPolicy, Secret, TlsOptions, TlsVersion, Topic, TransportOptions, WillProperties,
};

use crate::cli::connect::{TlsVersionArg, VersionArg};
use crate::cmd::connect::ConnectPlan;
use crate::cmd::properties::MessageProperties;
use crate::exit::{coded, Exit};

/// What the subcommand needs from the connection besides the plan.
pub struct Tuning {
    /// Outbound QoS 1/2 window (`-M`).
    pub max_inflight: u16,
    /// Reconnect by itself after a lost link (long-running `sub`, `pub -l`).
    pub reconnect: bool,
}

/// Builds the client's options from a validated plan.
pub fn options(plan: &ConnectPlan, tuning: &Tuning) -> anyhow::Result<ConnectOptions> {
    let mut transport = TransportOptions::new(plan.broker.clone());
    if plan.broker.scheme.is_tls() {
        transport.tls = tls_options(plan);
    }
    let mut options = ConnectOptions::new(transport);
    options.protocol = protocol(plan.protocol);
    options.client_id = plan.client_id.clone();
    options.keep_alive = plan.keep_alive;
    options.clean_start = plan.clean_start;
    options.session_expiry = plan.session_expiry;
    options.username = plan.username.clone();
    options.password = plan.password.clone();
    options.will = plan.will.as_ref().map(will).transpose()?;
    let connect = &plan.properties.connect;
    options.receive_maximum = connect.receive_maximum;
    if let Some(size) = connect.maximum_packet_size {
        options.maximum_packet_size = Some(size);
    }
    if let Some(aliases) = connect.topic_alias_maximum {
        options.topic_alias_maximum = aliases;
    }
    options.request_response_information = connect.request_response_information.unwrap_or(false);
    options.request_problem_information = connect.request_problem_information;
    options.user_properties = connect.user_properties.clone();
    options.max_inflight = tuning.max_inflight;
    if tuning.reconnect {
        options.reconnect = Some(ReconnectPolicy::default());
    }
    if plan.debug {
        options.trace = Some(Arc::new(|direction: Direction, packet: &Packet| {
            let arrow = match direction {
                Direction::Sent => "sent",
                Direction::Received => "received",
            };
            eprintln!("mqtt: {arrow} {packet:?}");
        }));
    }
    Ok(options)
}

fn protocol(version: VersionArg) -> ProtocolVersion {
    match version {
        VersionArg::V31 => ProtocolVersion::V3_1,
        VersionArg::V311 => ProtocolVersion::V3_1_1,
        VersionArg::V5 => ProtocolVersion::V5,
    }
}

fn tls_options(plan: &ConnectPlan) -> TlsOptions {
    let tls = &plan.tls;
    let mut options = TlsOptions::default();
    options.use_system_roots = tls.cafile.is_none() && tls.capath.is_none();
    options.ca_file = tls.cafile.clone();
    options.ca_dir = tls.capath.clone();
    options.client_cert = tls.cert.clone();
    options.client_key = tls.key.clone();
    options.server_name = tls.server_name.clone();
    options.alpn = tls.alpn.iter().map(|name| name.as_bytes().to_vec()).collect();
    options.versions = match tls.version {
        Some(TlsVersionArg::Tls12) => vec![TlsVersion::Tls12],
        Some(TlsVersionArg::Tls13) => vec![TlsVersion::Tls13],
        None => Vec::new(),
    };
    options.danger_accept_any_certificate = tls.insecure;
    options
}

fn will(plan: &crate::cmd::connect::WillPlan) -> anyhow::Result<LastWill> {
    let topic = Topic::new(&plan.topic).context("--will-topic")?;
    let mut properties = WillProperties::default();
    properties.will_delay_interval = plan.delay;
    fill_will_properties(&mut properties, &plan.properties)?;
    Ok(LastWill {
        topic,
        payload: Bytes::from(plan.payload.clone()),
        qos: qos(plan.qos),
        retain: plan.retain,
        properties,
    })
}

fn fill_will_properties(target: &mut WillProperties, from: &MessageProperties) -> anyhow::Result<()> {
    target.payload_format_indicator = from.payload_format_utf8;
    target.message_expiry_interval = from.message_expiry;
    target.content_type = from.content_type.as_deref().map(Into::into);
    target.response_topic = from.response_topic.as_deref().map(Topic::new).transpose()?;
    target.correlation_data = from.correlation_data.clone().map(Bytes::from);
    target.user_properties =
        from.user_properties.iter().map(|(k, v)| (k.as_str().into(), v.as_str().into())).collect();
    Ok(())
}

/// A QoS number (already range-checked by clap) as the client's type.
pub fn qos(number: u8) -> QoS {
    match number {
        0 => QoS::AtMostOnce,
        1 => QoS::AtLeastOnce,
        _ => QoS::ExactlyOnce,
    }
}

/// Maps a failed connect to an exit code and an actionable message.
pub fn connect_error(plan: &ConnectPlan, err: ClientError) -> anyhow::Error {
    let target = plan.broker.authority();
    match &err {
        ClientError::Refused { reason_code, reason_string } => {
            let reason = describe(*reason_code, reason_string.as_deref());
            let code = u8::from(*reason_code);
            let (exit, hint) = match code {
                0x84 if plan.protocol == VersionArg::V5 => (
                    Exit::Refused,
                    "; the broker does not speak MQTT 5: try -V 311".to_owned(),
                ),
                0x86 | 0x87 | 0x8C => (Exit::NotAuthorized, String::new()),
                _ => (Exit::Refused, String::new()),
            };
            coded(exit, format!("connecting to {target}: the broker refused the connection: {reason}{hint}"))
        }
        ClientError::ConnectTimeout(after) => {
            coded(Exit::Unreachable, format!("connecting to {target}: no CONNACK within {after:?}"))
        }
        _ => coded(Exit::Unreachable, format!("connecting to {target}: {err}")),
    }
}

/// `0x87 not authorized (reason string)`.
pub fn describe(code: impl Into<u8> + std::fmt::Debug + Copy, reason: Option<&str>) -> String {
    let number: u8 = code.into();
    let mut text = format!("{number:#04x} {code:?}");
    if let Some(reason) = reason {
        text.push_str(&format!(" ({reason})"));
    }
    text
}

/// How long to wait for the DISCONNECT to be written before giving up.
pub const DISCONNECT_WAIT: Duration = Duration::from_secs(5);
