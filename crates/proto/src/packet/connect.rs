//! CONNECT (MQTT 5.0 §3.1, 3.1.1 §3.1, 3.1 §3.1): the first packet a client
//! sends.
//!
//! Policy: CONNECT carries its own protocol version, so it is decoded by
//! its protocol name and level and encoded in [`Connect::protocol`],
//! whatever version the caller passes. The password and the will payload
//! never appear in `Debug` output. Rules about the client identifier's
//! content (MQTT 3.1's 1–23 characters, an empty one needing a clean
//! session in 3.1.1) are the server's to enforce, not the codec's.

use core::fmt;

use bytes::{BufMut, Bytes, BytesMut};

use crate::error::{DecodeError, EncodeError};
use crate::properties::{ConnectProperties, PropertySet, WillProperties};
use crate::string::MqttString;
use crate::topic::Topic;
use crate::version::{ProtocolVersion, QoS};
use crate::wire::{put_binary, put_string, Reader};

use super::{impl_encode, Body, PacketType};

const RESERVED: u8 = 0x01;
const CLEAN_START: u8 = 0x02;
const WILL: u8 = 0x04;
const WILL_QOS_SHIFT: u8 = 3;
const WILL_RETAIN: u8 = 0x20;
const PASSWORD: u8 = 0x40;
const USERNAME: u8 = 0x80;

/// CONNECT: asks the server for a session.
#[derive(Clone, PartialEq, Eq)]
pub struct Connect {
    /// The protocol version this CONNECT is written in.
    pub protocol: ProtocolVersion,
    /// Clean Start (5.0) / Clean Session (3.x).
    pub clean_start: bool,
    /// Keep alive in seconds; 0 turns it off.
    pub keep_alive: u16,
    /// The client identifier; may be empty to let the server assign one
    /// (3.1.1 with clean session, and 5.0).
    pub client_id: MqttString,
    /// The will message.
    pub will: Option<Will>,
    /// The user name.
    pub username: Option<MqttString>,
    /// The password; hidden in `Debug`.
    pub password: Option<Bytes>,
    /// MQTT 5 properties.
    pub properties: ConnectProperties,
}

/// The will message of a CONNECT: published by the server when the
/// connection ends without a DISCONNECT.
#[derive(Clone, PartialEq, Eq)]
pub struct Will {
    /// Where the will is published.
    pub topic: Topic,
    /// The will payload; only its length appears in `Debug`.
    pub payload: Bytes,
    /// QoS of the will message.
    pub qos: QoS,
    /// Whether the will is retained.
    pub retain: bool,
    /// MQTT 5 will properties.
    pub properties: WillProperties,
}

impl Connect {
    /// A CONNECT with clean start, the given keep alive and client id, and
    /// nothing else.
    pub fn new(protocol: ProtocolVersion, client_id: MqttString, keep_alive: u16) -> Connect {
        Connect {
            protocol,
            clean_start: true,
            keep_alive,
            client_id,
            will: None,
            username: None,
            password: None,
            properties: ConnectProperties::default(),
        }
    }

    pub(crate) fn decode(reader: &mut Reader<'_>) -> Result<Connect, DecodeError> {
        let name = reader.binary("protocol name")?;
        let level = reader.u8("protocol level")?;
        let protocol = match (&name[..], level) {
            (b"MQTT", 4) => ProtocolVersion::V3_1_1,
            (b"MQTT", 5) => ProtocolVersion::V5,
            (b"MQIsdp", 3) => ProtocolVersion::V3_1,
            _ => {
                let name = String::from_utf8_lossy(&name).into_owned();
                return Err(DecodeError::UnsupportedProtocol { name, level });
            }
        };
        let flags_offset = reader.offset();
        let flags = reader.u8("connect flags")?;
        let bad_flags =
            |reason| DecodeError::InvalidConnectFlags { flags, offset: flags_offset, reason };
        if flags & RESERVED != 0 {
            return Err(bad_flags("the reserved bit 0 is set (MQTT-3.1.2-3)"));
        }
        let will_flag = flags & WILL != 0;
        let will_qos = (flags >> WILL_QOS_SHIFT) & 0b11;
        let will_retain = flags & WILL_RETAIN != 0;
        if !will_flag && (will_qos != 0 || will_retain) {
            return Err(bad_flags(
                "will QoS or will retain set without the will flag (MQTT-3.1.2-11)",
            ));
        }
        let will_qos =
            QoS::try_from(will_qos).map_err(|_| bad_flags("will QoS is 3 (MQTT-3.1.2-12)"))?;
        let has_password = flags & PASSWORD != 0;
        let has_username = flags & USERNAME != 0;
        if has_password && !has_username && !protocol.is_v5() {
            return Err(bad_flags("password flag set without the user name flag (MQTT-3.1.2-22)"));
        }
        let keep_alive = reader.u16("keep alive")?;
        let properties = if protocol.is_v5() {
            ConnectProperties::decode(reader)?
        } else {
            ConnectProperties::default()
        };
        let client_id = reader.string("client identifier")?;
        let will = if will_flag {
            let properties = if protocol.is_v5() {
                WillProperties::decode(reader)?
            } else {
                WillProperties::default()
            };
            let topic = reader.topic("will topic", false)?;
            let payload = reader.binary("will payload")?;
            Some(Will { topic, payload, qos: will_qos, retain: will_retain, properties })
        } else {
            None
        };
        let username = if has_username { Some(reader.string("user name")?) } else { None };
        let password = if has_password { Some(reader.binary("password")?) } else { None };
        reader.finish()?;
        Ok(Connect {
            protocol,
            clean_start: flags & CLEAN_START != 0,
            keep_alive,
            client_id,
            will,
            username,
            password,
            properties,
        })
    }

    fn connect_flags(&self) -> u8 {
        let mut flags = 0;
        if self.clean_start {
            flags |= CLEAN_START;
        }
        if let Some(will) = &self.will {
            flags |= WILL | (will.qos.level() << WILL_QOS_SHIFT);
            if will.retain {
                flags |= WILL_RETAIN;
            }
        }
        if self.password.is_some() {
            flags |= PASSWORD;
        }
        if self.username.is_some() {
            flags |= USERNAME;
        }
        flags
    }
}

impl Body for Connect {
    const PACKET_TYPE: PacketType = PacketType::Connect;

    fn body_len(&self, _version: ProtocolVersion) -> usize {
        let v5 = self.protocol.is_v5();
        let mut len = 2 + self.protocol.protocol_name().len() + 1 + 1 + 2;
        if v5 {
            len += self.properties.wire_len();
        }
        len += self.client_id.prefixed_len();
        if let Some(will) = &self.will {
            if v5 {
                len += will.properties.wire_len();
            }
            len += will.topic.as_mqtt_string().prefixed_len() + 2 + will.payload.len();
        }
        len += self.username.as_ref().map_or(0, MqttString::prefixed_len);
        len += self.password.as_ref().map_or(0, |password| 2 + password.len());
        len
    }

    fn put_body(&self, _version: ProtocolVersion, buf: &mut BytesMut) -> Result<(), EncodeError> {
        let protocol = self.protocol;
        if self.password.is_some() && self.username.is_none() && !protocol.is_v5() {
            return Err(EncodeError::PasswordWithoutUsername { version: protocol });
        }
        let name = protocol.protocol_name();
        buf.put_u16(name.len() as u16);
        buf.put_slice(name.as_bytes());
        buf.put_u8(protocol.level());
        buf.put_u8(self.connect_flags());
        buf.put_u16(self.keep_alive);
        if protocol.is_v5() {
            self.properties.encode(buf)?;
        }
        put_string(buf, &self.client_id);
        if let Some(will) = &self.will {
            if will.topic.is_empty() {
                return Err(EncodeError::MissingTopic);
            }
            if protocol.is_v5() {
                will.properties.encode(buf)?;
            }
            put_string(buf, will.topic.as_mqtt_string());
            put_binary(buf, &will.payload, "will payload")?;
        }
        if let Some(username) = &self.username {
            put_string(buf, username);
        }
        if let Some(password) = &self.password {
            put_binary(buf, password, "password")?;
        }
        Ok(())
    }
}

impl_encode!(Connect);

impl fmt::Debug for Connect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Connect")
            .field("protocol", &self.protocol)
            .field("clean_start", &self.clean_start)
            .field("keep_alive", &self.keep_alive)
            .field("client_id", &self.client_id)
            .field("will", &self.will)
            .field("username", &self.username)
            .field("password", &self.password.as_ref().map(|_| Hidden))
            .field("properties", &self.properties)
            .finish()
    }
}

impl fmt::Debug for Will {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Will")
            .field("topic", &self.topic)
            .field("payload", &PayloadLen(self.payload.len()))
            .field("qos", &self.qos)
            .field("retain", &self.retain)
            .field("properties", &self.properties)
            .finish()
    }
}

/// Stands in for a secret in `Debug` output.
struct Hidden;

impl fmt::Debug for Hidden {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<hidden>")
    }
}

/// Stands in for a payload in `Debug` output.
pub(crate) struct PayloadLen(pub(crate) usize);

impl fmt::Debug for PayloadLen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<{} bytes>", self.0)
    }
}
