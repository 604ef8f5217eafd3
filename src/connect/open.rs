//! Connecting for `pub` and `sub`: a [`ConnectPlan`] becomes the client's
//! `ConnectOptions`, `-d` installs the packet trace, and every client error
//! becomes an error carrying its exit code (see `exit.rs`) and a message
//! that says what to do about it.

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use mqtt_client::{
    Client, ClientError, ConnectOptions, Direction, DisconnectReasonCode, LastWill, Packet,
    ProtocolVersion, ReconnectPolicy, SubAck, SubscribeProperties, SubscriptionOptions, TlsOptions,
    TlsVersion, TopicFilter, TransportOptions, WillProperties,
};

use crate::cli::connect::TlsVersionArg;
use crate::connect::{ConnectPlan, WillPlan};
use crate::exit::{coded, Exit};

/// What the subcommand needs from the connection besides the plan.
#[derive(Clone, Copy, Debug, Default)]
pub struct Tuning {
    /// Outbound QoS 1/2 window (`-M`).
    pub max_inflight: Option<u16>,
    /// Reconnect by itself after a lost link (long-running `sub`, `pub -l`).
    pub reconnect: bool,
    /// Give up after this many failed reconnect attempts in a row (`None`:
    /// never); `--reconnect-limit`.
    pub reconnect_limit: Option<u32>,
}

/// Builds the client's options from a validated plan.
pub fn options(plan: &ConnectPlan, tuning: &Tuning) -> anyhow::Result<ConnectOptions> {
    let mut transport = TransportOptions::new(plan.broker.clone());
    transport.connect_timeout = plan.connect_timeout;
    if plan.broker.scheme.is_tls() {
        transport.tls = tls_options(plan);
    }
    transport.proxy = plan.proxy.as_ref().map(|(proxy, _)| proxy.clone());
    transport.bind_address = plan.bind_addresses.first().copied();
    if let (Some(path), false) = (&plan.tls.key_log, plan.quiet) {
        diag!("mqtt: appending TLS session secrets to {} (key log)", path.display());
    }
    if let (Some((proxy, source)), true) = (&plan.proxy, plan.debug) {
        diag!("mqtt: connecting to {} through proxy {proxy} ({source})", plan.address());
    }
    // `new` copies the transport's limit: the CONNACK is inside it too.
    let mut options = ConnectOptions::new(transport);
    options.protocol = plan.protocol;
    options.client_id = plan.client_id.clone();
    options.keep_alive = plan.keep_alive;
    options.clean_start = plan.clean_start;
    options.session_expiry = plan.session_expiry;
    options.username = plan.username.clone();
    options.password = plan.password.clone();
    options.will = plan.will.as_ref().map(will).transpose()?;
    let connect = &plan.properties.connect;
    options.receive_maximum = connect.receive_maximum();
    if let Some(size) = connect.maximum_packet_size() {
        options.maximum_packet_size = Some(size);
    }
    if let Some(aliases) = connect.topic_alias_maximum() {
        options.topic_alias_maximum = aliases;
    }
    options.request_response_information = connect.request_response_information().unwrap_or(false);
    options.request_problem_information = connect.request_problem_information();
    options.user_properties = connect
        .user_properties()
        .map(|(name, value)| (name.as_str().to_owned(), value.as_str().to_owned()))
        .collect();
    options.message_capacity = 4096;
    options.ack_timeout = Some(plan.ack_timeout);
    options.max_inflight = tuning.max_inflight;
    if tuning.reconnect {
        options.reconnect = Some(ReconnectPolicy {
            max_attempts: tuning.reconnect_limit,
            ..ReconnectPolicy::default()
        });
    }
    if plan.debug {
        let version = options.protocol;
        // The same renderer as `mqtt inspect --decode`; it hides passwords
        // and truncates payloads.
        options.trace = Some(Arc::new(move |direction: Direction, packet: &Packet| {
            diag!("mqtt: {}", crate::describe::line::render_packet(packet, direction, version));
        }));
    }
    Ok(options)
}

fn tls_options(plan: &ConnectPlan) -> TlsOptions {
    let tls = &plan.tls;
    TlsOptions {
        use_system_roots: tls.cafile.is_none() && tls.capath.is_none(),
        ca_file: tls.cafile.clone(),
        ca_dir: tls.capath.clone(),
        client_cert: tls.cert.clone(),
        client_key: tls.key.clone(),
        server_name: tls.server_name.clone(),
        alpn: tls.alpn.iter().map(|name| name.as_bytes().to_vec()).collect(),
        versions: match tls.version {
            Some(TlsVersionArg::Tls12) => vec![TlsVersion::Tls12],
            Some(TlsVersionArg::Tls13) => vec![TlsVersion::Tls13],
            None => Vec::new(),
        },
        danger_accept_any_certificate: tls.insecure,
        key_log: tls.key_log.clone(),
    }
}

fn will(plan: &WillPlan) -> anyhow::Result<LastWill> {
    Ok(LastWill {
        topic: plan.topic.clone(),
        payload: plan.payload.clone().into(),
        qos: plan.qos,
        retain: plan.retain,
        properties: will_properties(plan),
    })
}

/// The `-D will` properties with the plan's will delay (`--will-delay`, else
/// `-D will will-delay-interval`).
fn will_properties(plan: &WillPlan) -> WillProperties {
    let mut properties = plan.properties.clone();
    if let Some(delay) = plan.delay {
        properties.set_will_delay_interval(delay);
    }
    properties
}

/// Maps a failed connect to an exit code and an actionable message.
pub fn connect_error(plan: &ConnectPlan, err: ClientError) -> anyhow::Error {
    let target = plan.address();
    // A 3.1.1-only broker's answer to MQTT 5 arrives as a refusal with
    // 0x84 Unsupported Protocol Version (the client recognises its 3.1.1
    // CONNACK), so no error text is inspected here.
    // A broker that closes the socket after CONNECT, without CONNACK, turned
    // the CONNECT down: some (RabbitMQ 3.10 for MQTT 5, many for 3.1) do
    // that instead of answering with a return code.
    let closed_after_connect = match &err {
        ClientError::ConnectionClosed => true,
        // A reset, not a TLS alert or another failure with a reason of its own.
        ClientError::Io(io) => matches!(
            io.kind(),
            std::io::ErrorKind::ConnectionReset
                | std::io::ErrorKind::ConnectionAborted
                | std::io::ErrorKind::UnexpectedEof
                | std::io::ErrorKind::BrokenPipe
        ),
        _ => false,
    };
    let exit = match &err {
        _ if closed_after_connect && plan.protocol != ProtocolVersion::V3_1_1 => Exit::Refused,
        ClientError::Refused { reason_code, .. } => match reason_code.code() {
            0x86 | 0x87 | 0x8C => Exit::NotAuthorized,
            _ => Exit::Refused,
        },
        ClientError::Transport(transport) if transport.is_settings_error() => Exit::Usage,
        _ => Exit::Unreachable,
    };
    let hint = match &err {
        ClientError::Refused { reason_code, .. }
            if reason_code.code() == 0x84 && plan.protocol == ProtocolVersion::V5 =>
        {
            "; the broker does not speak MQTT 5: try -V 311"
        }
        // A broker that does not speak 3.1 (MQIsdp) often just closes the
        // connection instead of answering with return code 1.
        ClientError::ConnectionClosed | ClientError::Io(_)
            if plan.protocol == ProtocolVersion::V3_1 =>
        {
            " before answering CONNECT; it may not speak MQTT 3.1 (MQIsdp): try -V 311"
        }
        _ if closed_after_connect && plan.protocol == ProtocolVersion::V5 => {
            " before answering CONNECT; it may not speak MQTT 5: try -V 311"
        }
        ClientError::ConnectTimeout(_) => " (--connect-timeout)",
        _ => "",
    };
    coded(exit, format!("connecting to {target}: {err}{hint}"))
}

/// `Not authorized (0x87): reason string` for an acknowledgement.
pub fn describe(name: &str, code: u8, reason_string: Option<&str>) -> String {
    match reason_string {
        Some(reason) => format!("{name} ({code:#04x}): {reason}"),
        None => format!("{name} ({code:#04x})"),
    }
}

/// Subscribes (`filters` is not empty), failing with exit 6 when the
/// broker refuses a filter (naming each refused filter and the broker's
/// reason); the SUBACK otherwise.
pub async fn subscribe(
    client: &Client,
    filters: Vec<(TopicFilter, SubscriptionOptions)>,
    properties: SubscribeProperties,
) -> anyhow::Result<SubAck> {
    let names: Vec<String> = filters.iter().map(|(filter, _)| filter.as_str().to_owned()).collect();
    let suback = client.subscribe(filters, properties).await.context("subscribing")?;
    let reason_string = suback.properties.reason_string().as_ref().map(|text| text.as_str());
    let refused: Vec<String> = names
        .iter()
        .zip(&suback.reason_codes)
        .filter(|(_, code)| code.is_error())
        .map(|(filter, code)| {
            format!("{filter:?}: {}", describe(code.name(), code.code(), reason_string))
        })
        .collect();
    if !refused.is_empty() {
        return Err(coded(
            Exit::SubscribeRefused,
            format!("the broker refused the subscription to {}", refused.join(", ")),
        ));
    }
    Ok(suback)
}

/// Sends DISCONNECT (with `-D disconnect` properties) and waits a bounded
/// time for it to be written.
pub async fn disconnect(client: &Client, plan: &ConnectPlan) {
    let properties = plan.properties.disconnect.clone();
    let _ = tokio::time::timeout(
        DISCONNECT_WAIT,
        client.disconnect_with(DisconnectReasonCode::NormalDisconnection, properties),
    )
    .await;
}

/// How long to wait for the DISCONNECT to be written before giving up.
pub const DISCONNECT_WAIT: Duration = Duration::from_secs(5);

/// Ctrl-C, caught from the moment this is created: a signal that arrives
/// while connecting or subscribing is not lost (and does not kill us
/// before the DISCONNECT).
pub struct Interrupt {
    #[cfg(unix)]
    signal: tokio::signal::unix::Signal,
}

impl Interrupt {
    /// Starts listening.
    pub fn listen() -> anyhow::Result<Interrupt> {
        #[cfg(unix)]
        {
            let signal = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt())
                .map_err(|err| anyhow::anyhow!("listening for Ctrl-C: {err}"))?;
            Ok(Interrupt { signal })
        }
        #[cfg(not(unix))]
        Ok(Interrupt {})
    }

    /// Resolves at the next Ctrl-C.
    pub async fn wait(&mut self) {
        #[cfg(unix)]
        self.signal.recv().await;
        #[cfg(not(unix))]
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// Connects, unless Ctrl-C comes first (then `Ok(None)`).
pub async fn connect(
    plan: &ConnectPlan,
    options: ConnectOptions,
    interrupt: &mut Interrupt,
) -> anyhow::Result<Option<(Client, mqtt_client::Events)>> {
    tokio::select! {
        connected = mqtt_client::connect(options) => {
            connected.map(Some).map_err(|err| connect_error(plan, err))
        }
        _ = interrupt.wait() => Ok(None),
    }
}
