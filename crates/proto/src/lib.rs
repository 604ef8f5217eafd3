//! Sans-io MQTT codec: packets, properties, reason codes and topics for
//! MQTT 3.1, 3.1.1 and 5.0. No I/O and no async runtime live here.
//!
//! Bytes come in through [`decode`], which takes one packet off the front of
//! a [`bytes::BytesMut`] (or says it needs more bytes), and packets go out
//! through [`Packet::encode`] (or each packet struct's own `encode`).
//! Strings, topics and payloads of decoded packets share the receive
//! buffer: nothing is copied.
//!
//! # Module map
//!
//! | module | owns |
//! |---|---|
//! | `codec` | [`decode`]: framing, fixed header checks, maximum packet size |
//! | [`packet`] | [`Packet`], [`PacketType`] and one file per packet type |
//! | [`properties`] | MQTT 5 [`Property`] values, typed per-packet property sets, placement rules |
//! | [`reason`] | reason codes per packet, with names; 3.x return code mapping |
//! | [`topic`] | [`Topic`], [`TopicFilter`], shared subscriptions, [`matches()`] |
//! | `string` | [`MqttString`]: validated, `Bytes`-backed UTF-8 |
//! | `version` | [`ProtocolVersion`], [`QoS`], [`PacketId`] |
//! | `error` | [`DecodeError`] (with byte offsets), [`EncodeError`] |
//! | `varint` | Variable Byte Integers (minimal form only) |
//! | `wire` | bounds-checked reader and primitive writers |
//!
//! # Example
//!
//! ```
//! use bytes::BytesMut;
//! use mqtt_proto::{decode, Packet, ProtocolVersion, Publish, Topic};
//!
//! let publish = Publish::new(Topic::from_static("sensors/1"), &b"21.5"[..]);
//! let mut buf = BytesMut::new();
//! publish.encode(ProtocolVersion::V5, &mut buf).unwrap();
//! let decoded = decode(&mut buf, ProtocolVersion::V5, 1 << 20).unwrap();
//! assert_eq!(decoded, Some(Packet::Publish(publish)));
//! assert!(buf.is_empty());
//! ```

#![deny(missing_docs, unsafe_op_in_unsafe_fn)]

mod codec;
mod error;
pub mod packet;
pub mod properties;
pub mod reason;
mod string;
pub mod topic;
mod varint;
mod version;
mod wire;

pub use crate::codec::decode;
pub use crate::error::{DecodeError, EncodeError};
pub use crate::packet::{
    Auth, ConnAck, Connect, Disconnect, Packet, PacketType, PubAck, PubComp, PubRec, PubRel,
    Publish, RetainHandling, SubAck, Subscribe, SubscriptionOptions, UnsubAck, Unsubscribe, Will,
};
pub use crate::properties::{
    AckProperties, AuthProperties, ConnAckProperties, ConnectProperties, DataType,
    DisconnectProperties, Property, PropertyContext, PropertyError, PropertyId, PubAckProperties,
    PubCompProperties, PubRecProperties, PubRelProperties, PublishProperties, SubAckProperties,
    SubscribeProperties, UnsubAckProperties, UnsubscribeProperties, Value, WillProperties,
};
pub use crate::reason::{
    AuthReasonCode, ConnectReasonCode, DisconnectReasonCode, InvalidReasonCode, PubAckReasonCode,
    PubCompReasonCode, PubRecReasonCode, PubRelReasonCode, SubAckReasonCode, UnsubAckReasonCode,
};
pub use crate::string::{MqttString, StringError};
pub use crate::topic::{matches, SharedFilter, Topic, TopicError, TopicFilter};
pub use crate::version::{InvalidQoS, PacketId, ProtocolVersion, QoS};

/// The largest remaining length MQTT can express (256 MiB - 1).
pub const MAX_REMAINING_LENGTH: usize = varint::MAX as usize;
