//! A wire-level MQTT connection for measuring a broker: the client crate's
//! transport and the codec, with nothing in between.
//!
//! Policy: the report needs control a normal client hides on purpose (send
//! any CONNECT, read the CONNACK verbatim, withhold acknowledgements to
//! test Receive Maximum, publish by Topic Alias only, drop the link without
//! DISCONNECT to trigger a will) and the transport's timings and TLS
//! details, so it talks MQTT itself. Every wait has a deadline; inbound
//! PUBLISHes are acknowledged at once unless `auto_ack` is off, and kept in
//! an inbox until a check asks for them; PUBREL is always completed.

use std::collections::VecDeque;
use std::time::Duration;

use bytes::BytesMut;
use mqtt_client::transport::TransportError;
use mqtt_client::{ConnectInfo, Connector, Secret, Transport};
use mqtt_proto::{
    ConnAck, Connect, ConnectReasonCode, DecodeError, Disconnect, EncodeError, MqttString, Packet,
    PacketId, ProtocolVersion, PubAck, PubComp, PubRec, PubRel, Publish, QoS, SubAck, Subscribe,
    SubscribeProperties, SubscriptionOptions, TopicFilter,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::time::{timeout_at, Instant};

use crate::describe::line::{render_packet, Direction};

/// Why a probe connection failed.
#[derive(Debug)]
pub enum ProbeError {
    /// DNS, TCP, TLS or WebSocket failure.
    Transport(TransportError),
    /// The broker answered CONNECT with a failure.
    Refused {
        /// The CONNACK reason (3.x return codes mapped to MQTT 5 names).
        reason: ConnectReasonCode,
        /// The MQTT 5 reason string, if sent.
        reason_string: Option<String>,
        /// The CONNACK was a 3.x one: its return code, shown as such.
        return_code: Option<u8>,
        /// We had sent an MQTT 5 CONNECT (so a 3.x CONNACK is a surprise).
        asked_v5: bool,
    },
    /// No answer in time.
    Timeout(&'static str),
    /// The broker sent DISCONNECT or closed the connection.
    Closed(Option<Disconnect>),
    /// The broker sent bytes that are not MQTT.
    Decode(DecodeError),
    /// We could not encode a packet (a value out of range).
    Encode(EncodeError),
    /// Reading or writing failed.
    Io(std::io::Error),
}

impl std::fmt::Display for ProbeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ProbeError::Transport(err) => write!(f, "{err}"),
            ProbeError::Refused { return_code: Some(code), asked_v5: true, .. } => write!(
                f,
                "the broker answered with an MQTT 3.1.1 CONNACK, code {code}: {}",
                v3_return_code_text(*code)
            ),
            ProbeError::Refused { return_code: Some(code), .. } => write!(
                f,
                "the broker refused the connection: return code {code} ({})",
                v3_return_code_text(*code)
            ),
            ProbeError::Refused { reason, reason_string, .. } => {
                write!(f, "the broker refused the connection: {reason}{}", detail(reason_string))
            }
            ProbeError::Timeout(what) => write!(f, "no {what} within the timeout"),
            ProbeError::Closed(disconnect) => {
                write!(f, "the broker closed the connection{}", disconnect_text(disconnect))
            }
            ProbeError::Decode(err) => write!(f, "the broker sent a malformed packet: {err}"),
            ProbeError::Encode(err) => write!(f, "cannot encode the packet: {err}"),
            ProbeError::Io(err) => write!(f, "connection error: {err}"),
        }
    }
}

impl std::error::Error for ProbeError {}

impl From<TransportError> for ProbeError {
    fn from(err: TransportError) -> ProbeError {
        ProbeError::Transport(err)
    }
}

impl From<DecodeError> for ProbeError {
    fn from(err: DecodeError) -> ProbeError {
        ProbeError::Decode(err)
    }
}

impl From<EncodeError> for ProbeError {
    fn from(err: EncodeError) -> ProbeError {
        ProbeError::Encode(err)
    }
}

impl From<std::io::Error> for ProbeError {
    fn from(err: std::io::Error) -> ProbeError {
        ProbeError::Io(err)
    }
}

/// What a 3.1/3.1.1 CONNACK return code means, in the words of §3.2.2.3.
pub fn v3_return_code_text(code: u8) -> &'static str {
    match code {
        0 => "connection accepted",
        1 => "unacceptable protocol version",
        2 => "identifier rejected",
        3 => "server unavailable",
        4 => "bad user name or password",
        5 => "not authorized",
        _ => "a return code MQTT 3.1.1 does not define",
    }
}

fn detail(reason_string: &Option<String>) -> String {
    reason_string.as_ref().map(|text| format!(" ({text})")).unwrap_or_default()
}

fn disconnect_text(disconnect: &Option<Disconnect>) -> String {
    match disconnect {
        None => String::new(),
        Some(packet) => {
            let reason = &packet.reason_code;
            // Some brokers repeat the reason's name as the reason string.
            let text = packet
                .properties
                .reason_string()
                .as_ref()
                .filter(|text| !text.as_str().eq_ignore_ascii_case(reason.name()))
                .map(|text| format!(", {text}"));
            format!(
                " with DISCONNECT {:#04x} {}{}",
                reason.code(),
                reason.name(),
                text.unwrap_or_default()
            )
        }
    }
}

/// How to reach the broker, shared by every probe connection.
pub struct Target {
    /// Prepared transport (TLS config read once).
    pub connector: Connector,
    /// User name for CONNECT.
    pub username: Option<String>,
    /// Password for CONNECT.
    pub password: Option<Secret>,
    /// The longest wait for any one answer.
    pub timeout: Duration,
    /// Print every packet (`-d`).
    pub trace: bool,
    /// Start of every client identifier this report uses.
    pub client_id_prefix: String,
    next_client: std::sync::atomic::AtomicU32,
}

impl Target {
    /// A target; `client_id_prefix` should be short (MQTT 3.1 allows 23 bytes).
    pub fn new(connector: Connector, client_id_prefix: String, timeout: Duration) -> Target {
        Target {
            connector,
            username: None,
            password: None,
            timeout,
            trace: false,
            client_id_prefix,
            next_client: std::sync::atomic::AtomicU32::new(1),
        }
    }

    /// A fresh client identifier, unique within this report.
    pub fn client_id(&self) -> String {
        let number = self.next_client.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        format!("{}-{number}", self.client_id_prefix)
    }

    /// A clean CONNECT with our credentials and a fresh client identifier.
    pub fn connect_packet(&self, version: ProtocolVersion) -> Connect {
        let client_id = MqttString::try_from(self.client_id()).unwrap_or_default();
        let mut connect = Connect::new(version, client_id, 60);
        connect.username =
            self.username.as_deref().and_then(|name| MqttString::try_from(name).ok());
        connect.password = self
            .password
            .as_ref()
            .map(|secret| bytes::Bytes::copy_from_slice(secret.expose().as_bytes()));
        connect
    }

    /// Connects with a default CONNECT for `version`.
    pub async fn open(&self, version: ProtocolVersion) -> Result<Probe, ProbeError> {
        self.open_with(self.connect_packet(version)).await
    }

    /// Connects with this CONNECT and waits for a successful CONNACK.
    pub async fn open_with(&self, connect: Connect) -> Result<Probe, ProbeError> {
        let connected = self.connector.connect().await?;
        let version = connect.protocol;
        let label = connect.client_id.to_string();
        let mut probe = Probe {
            transport: connected.transport,
            buf: BytesMut::with_capacity(4096),
            version,
            connack: ConnAck::new(ConnectReasonCode::Success),
            info: connected.info,
            connack_after: Duration::ZERO,
            next_id: 0,
            inbox: VecDeque::new(),
            auto_ack: true,
            trace: self.trace,
            label,
            timeout: self.timeout,
        };
        let sent_at = Instant::now();
        probe.send(Packet::Connect(connect)).await?;
        let deadline = sent_at + self.timeout;
        if version.is_v5() {
            // A 3.x-only broker refuses with a 3.x CONNACK (return code 1),
            // which is not a valid MQTT 5 CONNACK: read it as what it is.
            probe.fill(4, deadline).await?;
            if probe.buf.len() >= 4
                && probe.buf[..3] == [0x20, 0x02, 0x00]
                && (1..=5).contains(&probe.buf[3])
            {
                let code = probe.buf[3];
                let reason = ConnectReasonCode::from_v3_return_code(code)
                    .unwrap_or(ConnectReasonCode::UnsupportedProtocolVersion);
                return Err(ProbeError::Refused {
                    reason,
                    reason_string: None,
                    return_code: Some(code),
                    asked_v5: true,
                });
            }
        }
        let connack = match probe.read_packet(deadline).await? {
            Some(Packet::ConnAck(connack)) => connack,
            Some(_) => return Err(ProbeError::Timeout("CONNACK (another packet came first)")),
            None => return Err(ProbeError::Timeout("CONNACK")),
        };
        probe.connack_after = sent_at.elapsed();
        if connack.reason_code != ConnectReasonCode::Success {
            let reason_string =
                connack.properties.reason_string().as_ref().map(|text| text.to_string());
            let return_code =
                if version.is_v5() { None } else { connack.reason_code.to_v3_return_code() };
            return Err(ProbeError::Refused {
                reason: connack.reason_code,
                reason_string,
                return_code,
                asked_v5: false,
            });
        }
        probe.connack = connack;
        Ok(probe)
    }
}

/// The broker's answer to a PUBLISH.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PublishAck {
    /// Reason code of PUBACK / PUBREC (0 for QoS 0 and before MQTT 5).
    pub code: u8,
    /// Its name.
    pub name: &'static str,
}

impl PublishAck {
    /// Whether the broker accepted the message.
    pub fn accepted(self) -> bool {
        self.code < 0x80
    }
}

/// One open connection.
pub struct Probe {
    transport: Transport,
    buf: BytesMut,
    /// The protocol version spoken.
    pub version: ProtocolVersion,
    /// The broker's CONNACK.
    pub connack: ConnAck,
    /// How the transport was opened.
    pub info: ConnectInfo,
    /// Time from sending CONNECT to receiving CONNACK.
    pub connack_after: Duration,
    next_id: u16,
    inbox: VecDeque<(Instant, Publish)>,
    /// Acknowledge inbound QoS 1/2 PUBLISHes as they arrive.
    pub auto_ack: bool,
    trace: bool,
    label: String,
    timeout: Duration,
}

impl Probe {
    /// A deadline one timeout from now.
    pub fn deadline(&self) -> Instant {
        Instant::now() + self.timeout
    }

    /// Sends one packet.
    pub async fn send(&mut self, packet: Packet) -> Result<(), ProbeError> {
        if self.trace {
            diag!(
                "mqtt: [{}] {}",
                self.label,
                render_packet(&packet, Direction::Sent, self.version)
            );
        }
        let mut out = BytesMut::with_capacity(packet.encoded_len(self.version));
        packet.encode(self.version, &mut out)?;
        self.transport.write_all(&out).await?;
        self.transport.flush().await?;
        Ok(())
    }

    /// Reads until `len` bytes are buffered, the deadline passes or the
    /// connection ends (the caller looks at what is there).
    async fn fill(&mut self, len: usize, deadline: Instant) -> Result<(), ProbeError> {
        while self.buf.len() < len {
            match timeout_at(deadline, self.transport.read_buf(&mut self.buf)).await {
                Ok(Ok(0)) | Err(_) => return Ok(()),
                Ok(Ok(_)) => {}
                Ok(Err(err)) => return Err(err.into()),
            }
        }
        Ok(())
    }

    /// The next packet from the wire, or `None` at the deadline. A
    /// DISCONNECT or a closed socket is [`ProbeError::Closed`].
    async fn read_packet(&mut self, deadline: Instant) -> Result<Option<Packet>, ProbeError> {
        loop {
            if let Some(packet) = mqtt_proto::decode(&mut self.buf, self.version, usize::MAX)? {
                if self.trace {
                    diag!(
                        "mqtt: [{}] {}",
                        self.label,
                        render_packet(&packet, Direction::Received, self.version)
                    );
                }
                if let Packet::Disconnect(disconnect) = packet {
                    return Err(ProbeError::Closed(Some(disconnect)));
                }
                return Ok(Some(packet));
            }
            match timeout_at(deadline, self.transport.read_buf(&mut self.buf)).await {
                Err(_) => return Ok(None),
                Ok(Ok(0)) => return Err(ProbeError::Closed(None)),
                Ok(Ok(_)) => {}
                Ok(Err(err)) if err.kind() == std::io::ErrorKind::ConnectionReset => {
                    return Err(ProbeError::Closed(None))
                }
                Ok(Err(err)) => return Err(err.into()),
            }
        }
    }

    /// Waits for the packet `pick` accepts; PUBLISHes go to the inbox (and
    /// are acknowledged if `auto_ack`), PUBREL is completed.
    async fn wait_for<T>(
        &mut self,
        deadline: Instant,
        mut pick: impl FnMut(&Packet) -> Option<T>,
    ) -> Result<Option<T>, ProbeError> {
        loop {
            let Some(packet) = self.read_packet(deadline).await? else {
                return Ok(None);
            };
            if let Some(found) = pick(&packet) {
                return Ok(Some(found));
            }
            match packet {
                Packet::Publish(publish) => {
                    if self.auto_ack {
                        self.acknowledge(&publish).await?;
                    }
                    self.inbox.push_back((Instant::now(), publish));
                }
                Packet::PubRel(pubrel) => {
                    self.send(Packet::PubComp(PubComp::new(pubrel.packet_id))).await?
                }
                _ => {}
            }
        }
    }

    /// Sends PUBACK or PUBREC for an inbound QoS 1/2 PUBLISH.
    pub async fn acknowledge(&mut self, publish: &Publish) -> Result<(), ProbeError> {
        match (publish.qos, publish.packet_id) {
            (QoS::AtLeastOnce, Some(id)) => self.send(Packet::PubAck(PubAck::new(id))).await,
            (QoS::ExactlyOnce, Some(id)) => self.send(Packet::PubRec(PubRec::new(id))).await,
            _ => Ok(()),
        }
    }

    /// The next application message, or `None` at the deadline.
    pub async fn next_message(&mut self, deadline: Instant) -> Result<Option<Publish>, ProbeError> {
        Ok(self.next_message_timed(deadline).await?.map(|(publish, _)| publish))
    }

    /// The next application message and when it arrived.
    pub async fn next_message_timed(
        &mut self,
        deadline: Instant,
    ) -> Result<Option<(Publish, Instant)>, ProbeError> {
        if let Some((arrived, publish)) = self.inbox.pop_front() {
            return Ok(Some((publish, arrived)));
        }
        let found = self.wait_for(deadline, |packet| match packet {
            Packet::Publish(publish) => Some(publish.clone()),
            _ => None,
        });
        let Some(publish) = found.await? else {
            return Ok(None);
        };
        let arrived = Instant::now();
        if self.auto_ack {
            self.acknowledge(&publish).await?;
        }
        Ok(Some((publish, arrived)))
    }

    /// Messages until one that `last` accepts (included), or the deadline;
    /// the flag says whether that one came.
    pub async fn messages_until(
        &mut self,
        last: impl Fn(&Publish) -> bool,
        deadline: Instant,
    ) -> Result<(Vec<Publish>, bool), ProbeError> {
        let mut seen = Vec::new();
        while let Some(publish) = self.next_message(deadline).await? {
            let done = last(&publish);
            seen.push(publish);
            if done {
                return Ok((seen, true));
            }
        }
        Ok((seen, false))
    }

    fn packet_id(&mut self) -> PacketId {
        self.next_id = self.next_id.checked_add(1).unwrap_or(1);
        PacketId::new(self.next_id).unwrap_or(PacketId::MIN)
    }

    /// Publishes and waits for the whole acknowledgement exchange.
    pub async fn publish(&mut self, mut publish: Publish) -> Result<PublishAck, ProbeError> {
        let qos = publish.qos;
        if qos == QoS::AtMostOnce {
            publish.packet_id = None;
            self.send(Packet::Publish(publish)).await?;
            return Ok(PublishAck { code: 0, name: "Success" });
        }
        let id = self.packet_id();
        publish.packet_id = Some(id);
        self.send(Packet::Publish(publish)).await?;
        let deadline = self.deadline();
        let ack = self.wait_for(deadline, |packet| match packet {
            Packet::PubAck(ack) if qos == QoS::AtLeastOnce && ack.packet_id == id => {
                Some(PublishAck { code: ack.reason_code.code(), name: ack.reason_code.name() })
            }
            Packet::PubRec(rec) if qos == QoS::ExactlyOnce && rec.packet_id == id => {
                Some(PublishAck { code: rec.reason_code.code(), name: rec.reason_code.name() })
            }
            _ => None,
        });
        let ack = ack.await?.ok_or(ProbeError::Timeout("acknowledgement of our PUBLISH"))?;
        if qos == QoS::ExactlyOnce && ack.accepted() {
            self.send(Packet::PubRel(PubRel::new(id))).await?;
            let completed = self.wait_for(deadline, |packet| {
                matches!(packet, Packet::PubComp(comp) if comp.packet_id == id).then_some(())
            });
            completed.await?.ok_or(ProbeError::Timeout("PUBCOMP"))?;
        }
        Ok(ack)
    }

    /// Subscribes and returns the SUBACK.
    pub async fn subscribe(
        &mut self,
        filters: Vec<(TopicFilter, SubscriptionOptions)>,
        properties: SubscribeProperties,
    ) -> Result<SubAck, ProbeError> {
        let id = self.packet_id();
        self.send(Packet::Subscribe(Subscribe { packet_id: id, filters, properties })).await?;
        let deadline = self.deadline();
        let suback = self.wait_for(deadline, |packet| match packet {
            Packet::SubAck(suback) if suback.packet_id == id => Some(suback.clone()),
            _ => None,
        });
        suback.await?.ok_or(ProbeError::Timeout("SUBACK"))
    }

    /// Subscribes to one filter; the SUBACK's code for it.
    pub async fn subscribe_one(
        &mut self,
        filter: &str,
        options: SubscriptionOptions,
    ) -> Result<u8, ProbeError> {
        let filter = TopicFilter::try_from(filter).map_err(|err| {
            std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!("topic filter {filter:?}: {err}"),
            )
        })?;
        let suback =
            self.subscribe(vec![(filter, options)], SubscribeProperties::default()).await?;
        Ok(suback.reason_codes.first().map_or(0x80, |code| code.code()))
    }

    /// Ends the connection with DISCONNECT (errors ignored: it is over).
    pub async fn disconnect(mut self) {
        let _ = self.send(Packet::Disconnect(Disconnect::default())).await;
        let _ = self.transport.shutdown().await;
    }

    /// Ends the connection with this DISCONNECT (MQTT 5 reason/properties).
    pub async fn disconnect_with(mut self, disconnect: Disconnect) {
        let _ = self.send(Packet::Disconnect(disconnect)).await;
        let _ = self.transport.shutdown().await;
    }

    /// Drops the connection without DISCONNECT, as a crashed client would.
    pub fn abort(self) {
        drop(self.transport);
    }
}
