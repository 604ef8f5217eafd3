//! Opening one MQTT connection: transport, CONNECT, CONNACK.
//!
//! Policy: the whole exchange runs under `ConnectOptions::connect_timeout`.
//! A refusal becomes [`ClientError::Refused`] with its reason code and
//! reason string. A client identifier is generated only where the protocol
//! needs one (3.1 always; 3.1.1 without clean session); MQTT 5 lets the
//! broker assign one. Bytes that arrive right behind the CONNACK (a resumed
//! session's messages) are handed to the connection task, not lost.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::time::Duration;

use bytes::{Bytes, BytesMut};
use mqtt_proto::{
    decode, ConnAck, Connect, ConnectProperties, MqttString, Packet, ProtocolVersion, Will,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::connack::ConnAckInfo;
use crate::error::ClientError;
use crate::options::{ConnectOptions, Direction};
use crate::transport::{Connected, Connector, Transport};

/// An accepted connection, ready for the connection task.
pub(crate) struct Established {
    pub(crate) transport: Transport,
    pub(crate) info: ConnAckInfo,
    /// Bytes read after the CONNACK.
    pub(crate) leftover: BytesMut,
}

/// The client identifier to use for `options`.
pub(crate) fn client_id(options: &ConnectOptions) -> String {
    match options.client_id.as_deref() {
        Some(id) if !id.is_empty() => id.to_owned(),
        _ => match options.protocol {
            ProtocolVersion::V3_1 => generate_client_id(),
            ProtocolVersion::V3_1_1 if !options.clean_start => generate_client_id(),
            _ => String::new(),
        },
    }
}

/// `mqtt-` and 16 random hex digits: 21 characters, within 3.1's limit of
/// 23 and its allowed characters.
fn generate_client_id() -> String {
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u32(std::process::id());
    format!("mqtt-{:016x}", hasher.finish())
}

/// Builds the CONNECT packet.
pub(crate) fn connect_packet(
    options: &ConnectOptions,
    clean_start: bool,
    client_id: &str,
) -> Result<Connect, ClientError> {
    let invalid = |what: &str, error: &dyn std::fmt::Display| {
        ClientError::InvalidOptions(format!("{what}: {error}"))
    };
    if options.receive_maximum == Some(0) {
        return Err(ClientError::InvalidOptions("receive maximum must be at least 1".into()));
    }
    let client_id =
        MqttString::try_from(client_id).map_err(|error| invalid("client id", &error))?;
    let keep_alive = u16::try_from(options.keep_alive.as_secs()).unwrap_or(u16::MAX);
    let mut connect = Connect::new(options.protocol, client_id, keep_alive);
    connect.clean_start = clean_start;
    connect.will = options
        .will
        .clone()
        .map(|will| Will { properties: v5_only(options, will.properties), ..will });
    let username = options.username.clone().or_else(|| options.transport.broker.username.clone());
    connect.username = match username {
        Some(name) => {
            Some(MqttString::try_from(name).map_err(|error| invalid("username", &error))?)
        }
        None => None,
    };
    let password = options.password.clone().or_else(|| options.transport.broker.password.clone());
    connect.password = password.map(|secret| Bytes::copy_from_slice(secret.expose().as_bytes()));
    if options.protocol.is_v5() {
        let mut properties = ConnectProperties::new();
        if let Some(seconds) = options.session_expiry.filter(|seconds| *seconds > 0) {
            properties.set_session_expiry_interval(seconds);
        }
        if let Some(maximum) = options.receive_maximum.filter(|maximum| *maximum != u16::MAX) {
            properties.set_receive_maximum(maximum);
        }
        if let Some(size) = options.maximum_packet_size {
            properties.set_maximum_packet_size(size);
        }
        if options.topic_alias_maximum > 0 {
            properties.set_topic_alias_maximum(options.topic_alias_maximum);
        }
        if options.request_response_information {
            properties.set_request_response_information(true);
        }
        if let Some(request) = options.request_problem_information {
            properties.set_request_problem_information(request);
        }
        for (key, value) in &options.user_properties {
            let key = MqttString::try_from(key.as_str())
                .map_err(|error| invalid("user property name", &error))?;
            let value = MqttString::try_from(value.as_str())
                .map_err(|error| invalid("user property value", &error))?;
            properties.push_user_property(key, value);
        }
        connect.properties = properties;
    }
    Ok(connect)
}

/// Will properties exist only in MQTT 5.
fn v5_only(
    options: &ConnectOptions,
    properties: mqtt_proto::WillProperties,
) -> mqtt_proto::WillProperties {
    if options.protocol.is_v5() {
        properties
    } else {
        mqtt_proto::WillProperties::default()
    }
}

/// Opens the transport and exchanges CONNECT/CONNACK.
pub(crate) async fn establish(
    connector: &Connector,
    options: &ConnectOptions,
    clean_start: bool,
    client_id: &str,
) -> Result<Established, ClientError> {
    let connect = connect_packet(options, clean_start, client_id)?;
    let limit = options.connect_timeout;
    match tokio::time::timeout(limit, exchange(connector, options, connect)).await {
        Ok(Ok((connected, connack, leftover))) => {
            let mut info = ConnAckInfo::new(
                connack,
                client_id,
                whole_seconds(options.keep_alive),
                options.session_expiry,
            );
            info.transport = Some(connected.info);
            Ok(Established { transport: connected.transport, info, leftover })
        }
        Ok(Err(error)) => Err(error),
        Err(_) => Err(ClientError::ConnectTimeout(limit)),
    }
}

fn whole_seconds(duration: Duration) -> Duration {
    Duration::from_secs(duration.as_secs().min(u64::from(u16::MAX)))
}

async fn exchange(
    connector: &Connector,
    options: &ConnectOptions,
    connect: Connect,
) -> Result<(Connected, ConnAck, BytesMut), ClientError> {
    let mut connected = connector.connect().await?;
    let transport = &mut connected.transport;
    let version = options.protocol;
    let packet = Packet::Connect(connect);
    let mut buf = BytesMut::with_capacity(packet.encoded_len(version));
    packet.encode(version, &mut buf)?;
    if let Some(trace) = &options.trace {
        trace(Direction::Sent, &packet);
    }
    transport.write_all(&buf).await?;
    transport.flush().await?;
    buf.clear();
    let limit = options.inbound_packet_limit();
    loop {
        if let Some(refusal) = older_protocol_refusal(version, &buf) {
            return Err(refusal);
        }
        if let Some(packet) = decode(&mut buf, version, limit)? {
            if let Some(trace) = &options.trace {
                trace(Direction::Received, &packet);
            }
            return match packet {
                Packet::ConnAck(connack) if connack.reason_code.is_error() => {
                    Err(ClientError::Refused {
                        reason_code: connack.reason_code,
                        reason_string: connack
                            .properties
                            .reason_string()
                            .map(|text| text.as_str().to_owned()),
                    })
                }
                Packet::ConnAck(connack) => Ok((connected, connack, buf)),
                other => Err(ClientError::Protocol(format!(
                    "expected CONNACK, the broker sent {}",
                    other.packet_type()
                ))),
            };
        }
        if transport.read_buf(&mut buf).await? == 0 {
            return Err(ClientError::ConnectionClosed);
        }
    }
}

/// A broker that does not speak MQTT 5 answers its CONNECT in its own
/// version: a 3.1.1 CONNACK `20 02 flags code`, with a non-zero return
/// code (1: unacceptable protocol version). That frame is malformed as
/// MQTT 5 (no properties), so it is recognised before decoding and
/// reported as the refusal it is (MQTT 5.0 §3.1.4: the broker MAY refuse
/// with 0x84 Unsupported Protocol Version).
/// A broker that ignores the protocol level and "accepts" with return
/// code 0 cannot go on in MQTT 5 either: that is reported the same way.
fn older_protocol_refusal(version: ProtocolVersion, buf: &[u8]) -> Option<ClientError> {
    match buf {
        [0x20, 0x02, _, code @ 1..=5, ..] if version.is_v5() => Some(ClientError::Refused {
            reason_code: mqtt_proto::ConnectReasonCode::from_v3_return_code(*code)?,
            reason_string: None,
        }),
        [0x20, 0x02, _, 0, ..] if version.is_v5() => Some(ClientError::Refused {
            reason_code: mqtt_proto::ConnectReasonCode::UnsupportedProtocolVersion,
            reason_string: Some("the broker answered with an MQTT 3.1.1 CONNACK".into()),
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transport::TransportOptions;
    use crate::url::BrokerUrl;

    fn options(protocol: ProtocolVersion) -> ConnectOptions {
        let mut options = ConnectOptions::new(TransportOptions::new(
            BrokerUrl::parse("mqtt://127.0.0.1:1").unwrap(),
        ));
        options.protocol = protocol;
        options
    }

    #[test]
    fn generates_a_client_id_only_where_the_version_needs_one() {
        let id = client_id(&options(ProtocolVersion::V3_1));
        assert!(id.starts_with("mqtt-") && id.len() <= 23, "{id}");
        assert_eq!(client_id(&options(ProtocolVersion::V3_1_1)), "");
        let mut persistent = options(ProtocolVersion::V3_1_1);
        persistent.clean_start = false;
        assert!(!client_id(&persistent).is_empty());
        assert_eq!(client_id(&options(ProtocolVersion::V5)), "");
        let mut named = options(ProtocolVersion::V3_1);
        named.client_id = Some("given".into());
        assert_eq!(client_id(&named), "given");
    }

    #[test]
    fn connect_carries_v5_properties_only_in_v5() {
        let mut v5 = options(ProtocolVersion::V5);
        v5.session_expiry = Some(300);
        v5.receive_maximum = Some(10);
        v5.topic_alias_maximum = 5;
        v5.user_properties = vec![("k".into(), "v".into())];
        let connect = connect_packet(&v5, true, "id").unwrap();
        assert_eq!(connect.properties.session_expiry_interval(), Some(300));
        assert_eq!(connect.properties.receive_maximum(), Some(10));
        assert_eq!(connect.properties.topic_alias_maximum(), Some(5));
        assert_eq!(connect.properties.user_properties().count(), 1);
        let mut v311 = v5.clone();
        v311.protocol = ProtocolVersion::V3_1_1;
        assert!(connect_packet(&v311, true, "id").unwrap().properties.is_empty());
    }

    #[test]
    fn zero_receive_maximum_is_refused() {
        let mut v5 = options(ProtocolVersion::V5);
        v5.receive_maximum = Some(0);
        let error = connect_packet(&v5, true, "id").unwrap_err();
        assert!(error.to_string().contains("receive maximum"), "{error}");
    }
}
