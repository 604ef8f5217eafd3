//! The [`Packet`] enum, packet types, and the per-packet body codecs (one
//! file per packet type).
//!
//! Policy: every packet struct encodes itself through the `Body` trait,
//! which writes the fixed header, checks the remaining length limit and, on
//! error, removes whatever it already wrote. Decoding starts from a frame
//! that holds exactly one packet, whose fixed header the framing code
//! (`codec`) already checked; PUBLISH, the hot path, is decoded there.

mod ack;
mod auth;
mod connack;
mod connect;
mod disconnect;
mod pingreq;
mod pingresp;
mod puback;
mod pubcomp;
mod publish;
mod pubrec;
mod pubrel;
mod suback;
mod subscribe;
mod unsuback;
mod unsubscribe;

use core::fmt;

use bytes::{BufMut, Bytes, BytesMut};

pub use self::auth::Auth;
pub use self::connack::ConnAck;
pub use self::connect::{Connect, Will};
pub use self::disconnect::Disconnect;
pub use self::puback::PubAck;
pub use self::pubcomp::PubComp;
pub use self::publish::Publish;
pub use self::pubrec::PubRec;
pub use self::pubrel::PubRel;
pub use self::suback::SubAck;
pub use self::subscribe::{RetainHandling, Subscribe, SubscriptionOptions};
pub use self::unsuback::UnsubAck;
pub use self::unsubscribe::Unsubscribe;

use crate::error::{DecodeError, EncodeError};
use crate::varint;
use crate::version::ProtocolVersion;
use crate::wire::Reader;

/// The control packet type: the upper four bits of the first byte.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[allow(missing_docs)] // each variant is the packet of the same name
pub enum PacketType {
    Connect = 1,
    ConnAck = 2,
    Publish = 3,
    PubAck = 4,
    PubRec = 5,
    PubRel = 6,
    PubComp = 7,
    Subscribe = 8,
    SubAck = 9,
    Unsubscribe = 10,
    UnsubAck = 11,
    PingReq = 12,
    PingResp = 13,
    Disconnect = 14,
    Auth = 15,
}

impl PacketType {
    /// The packet type with this number (1..=15).
    pub const fn from_u8(value: u8) -> Option<PacketType> {
        Some(match value {
            1 => PacketType::Connect,
            2 => PacketType::ConnAck,
            3 => PacketType::Publish,
            4 => PacketType::PubAck,
            5 => PacketType::PubRec,
            6 => PacketType::PubRel,
            7 => PacketType::PubComp,
            8 => PacketType::Subscribe,
            9 => PacketType::SubAck,
            10 => PacketType::Unsubscribe,
            11 => PacketType::UnsubAck,
            12 => PacketType::PingReq,
            13 => PacketType::PingResp,
            14 => PacketType::Disconnect,
            15 => PacketType::Auth,
            _ => return None,
        })
    }

    /// The specification's upper-case name, for example `"PUBACK"`.
    pub const fn name(self) -> &'static str {
        match self {
            PacketType::Connect => "CONNECT",
            PacketType::ConnAck => "CONNACK",
            PacketType::Publish => "PUBLISH",
            PacketType::PubAck => "PUBACK",
            PacketType::PubRec => "PUBREC",
            PacketType::PubRel => "PUBREL",
            PacketType::PubComp => "PUBCOMP",
            PacketType::Subscribe => "SUBSCRIBE",
            PacketType::SubAck => "SUBACK",
            PacketType::Unsubscribe => "UNSUBSCRIBE",
            PacketType::UnsubAck => "UNSUBACK",
            PacketType::PingReq => "PINGREQ",
            PacketType::PingResp => "PINGRESP",
            PacketType::Disconnect => "DISCONNECT",
            PacketType::Auth => "AUTH",
        }
    }

    /// The fixed header flags this type requires (MQTT 5.0 Table 2-2);
    /// PUBLISH carries DUP, QoS and RETAIN there instead.
    pub const fn required_flags(self) -> u8 {
        match self {
            PacketType::PubRel | PacketType::Subscribe | PacketType::Unsubscribe => 0b0010,
            _ => 0,
        }
    }
}

impl fmt::Display for PacketType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One MQTT control packet.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(missing_docs)] // each variant holds the packet of the same name
pub enum Packet {
    Connect(Connect),
    ConnAck(ConnAck),
    Publish(Publish),
    PubAck(PubAck),
    PubRec(PubRec),
    PubRel(PubRel),
    PubComp(PubComp),
    Subscribe(Subscribe),
    SubAck(SubAck),
    Unsubscribe(Unsubscribe),
    UnsubAck(UnsubAck),
    PingReq,
    PingResp,
    Disconnect(Disconnect),
    Auth(Auth),
}

impl Packet {
    /// The packet's type.
    pub fn packet_type(&self) -> PacketType {
        match self {
            Packet::Connect(_) => PacketType::Connect,
            Packet::ConnAck(_) => PacketType::ConnAck,
            Packet::Publish(_) => PacketType::Publish,
            Packet::PubAck(_) => PacketType::PubAck,
            Packet::PubRec(_) => PacketType::PubRec,
            Packet::PubRel(_) => PacketType::PubRel,
            Packet::PubComp(_) => PacketType::PubComp,
            Packet::Subscribe(_) => PacketType::Subscribe,
            Packet::SubAck(_) => PacketType::SubAck,
            Packet::Unsubscribe(_) => PacketType::Unsubscribe,
            Packet::UnsubAck(_) => PacketType::UnsubAck,
            Packet::PingReq => PacketType::PingReq,
            Packet::PingResp => PacketType::PingResp,
            Packet::Disconnect(_) => PacketType::Disconnect,
            Packet::Auth(_) => PacketType::Auth,
        }
    }

    /// Appends the packet, as `version` frames it, to `buf`. CONNECT is
    /// always written in its own [`Connect::protocol`]. On error nothing
    /// is appended.
    pub fn encode(&self, version: ProtocolVersion, buf: &mut BytesMut) -> Result<(), EncodeError> {
        match self {
            Packet::Connect(packet) => encode_packet(packet, version, buf),
            Packet::ConnAck(packet) => encode_packet(packet, version, buf),
            Packet::Publish(packet) => encode_packet(packet, version, buf),
            Packet::PubAck(packet) => encode_packet(packet, version, buf),
            Packet::PubRec(packet) => encode_packet(packet, version, buf),
            Packet::PubRel(packet) => encode_packet(packet, version, buf),
            Packet::PubComp(packet) => encode_packet(packet, version, buf),
            Packet::Subscribe(packet) => encode_packet(packet, version, buf),
            Packet::SubAck(packet) => encode_packet(packet, version, buf),
            Packet::Unsubscribe(packet) => encode_packet(packet, version, buf),
            Packet::UnsubAck(packet) => encode_packet(packet, version, buf),
            Packet::PingReq => encode_packet(&pingreq::PingReq, version, buf),
            Packet::PingResp => encode_packet(&pingresp::PingResp, version, buf),
            Packet::Disconnect(packet) => encode_packet(packet, version, buf),
            Packet::Auth(packet) => encode_packet(packet, version, buf),
        }
    }

    /// The number of bytes [`Packet::encode`] appends for `version`.
    pub fn encoded_len(&self, version: ProtocolVersion) -> usize {
        match self {
            Packet::Connect(packet) => packet_len(packet, version),
            Packet::ConnAck(packet) => packet_len(packet, version),
            Packet::Publish(packet) => packet_len(packet, version),
            Packet::PubAck(packet) => packet_len(packet, version),
            Packet::PubRec(packet) => packet_len(packet, version),
            Packet::PubRel(packet) => packet_len(packet, version),
            Packet::PubComp(packet) => packet_len(packet, version),
            Packet::Subscribe(packet) => packet_len(packet, version),
            Packet::SubAck(packet) => packet_len(packet, version),
            Packet::Unsubscribe(packet) => packet_len(packet, version),
            Packet::UnsubAck(packet) => packet_len(packet, version),
            Packet::PingReq => packet_len(&pingreq::PingReq, version),
            Packet::PingResp => packet_len(&pingresp::PingResp, version),
            Packet::Disconnect(packet) => packet_len(packet, version),
            Packet::Auth(packet) => packet_len(packet, version),
        }
    }
}

macro_rules! packet_from {
    ($($variant:ident),*) => {
        $( impl From<$variant> for Packet {
            fn from(packet: $variant) -> Packet {
                Packet::$variant(packet)
            }
        } )*
    };
}

packet_from!(
    Connect,
    ConnAck,
    Publish,
    PubAck,
    PubRec,
    PubRel,
    PubComp,
    Subscribe,
    SubAck,
    Unsubscribe,
    UnsubAck,
    Disconnect,
    Auth
);

/// The body codec of one packet type: everything after the fixed header.
pub(crate) trait Body {
    const PACKET_TYPE: PacketType;

    /// The lower four bits of the first byte.
    fn flags(&self) -> u8 {
        Self::PACKET_TYPE.required_flags()
    }

    /// The remaining length for `version`.
    fn body_len(&self, version: ProtocolVersion) -> usize;

    /// Writes the body for `version`.
    fn put_body(&self, version: ProtocolVersion, buf: &mut BytesMut) -> Result<(), EncodeError>;
}

fn packet_len<B: Body>(body: &B, version: ProtocolVersion) -> usize {
    let len = body.body_len(version);
    1 + varint::len(u32::try_from(len).unwrap_or(u32::MAX)) + len
}

pub(crate) fn encode_packet<B: Body>(
    body: &B,
    version: ProtocolVersion,
    buf: &mut BytesMut,
) -> Result<(), EncodeError> {
    let len = body.body_len(version);
    let Some(remaining) = u32::try_from(len).ok().filter(|len| *len <= varint::MAX) else {
        return Err(EncodeError::PacketTooLarge { packet_type: B::PACKET_TYPE, len });
    };
    let start = buf.len();
    buf.reserve(1 + varint::len(remaining) + len);
    buf.put_u8(((B::PACKET_TYPE as u8) << 4) | body.flags());
    varint::put(buf, remaining);
    if let Err(err) = body.put_body(version, buf) {
        buf.truncate(start);
        return Err(err);
    }
    debug_assert_eq!(
        buf.len() - start,
        1 + varint::len(remaining) + len,
        "{} body_len disagrees with put_body",
        B::PACKET_TYPE
    );
    Ok(())
}

/// Adds the public `encode` and `encoded_len` methods to a packet struct.
macro_rules! impl_encode {
    ($packet:ident) => {
        impl $packet {
            /// Appends this packet, as `version` frames it, to `buf`. On
            /// error nothing is appended.
            pub fn encode(
                &self,
                version: $crate::ProtocolVersion,
                buf: &mut bytes::BytesMut,
            ) -> Result<(), $crate::EncodeError> {
                $crate::packet::encode_packet(self, version, buf)
            }

            /// The number of bytes [`Self::encode`] appends for `version`.
            pub fn encoded_len(&self, version: $crate::ProtocolVersion) -> usize {
                $crate::packet::packet_len(self, version)
            }
        }
    };
}

pub(crate) use impl_encode;

/// Decodes the body of a packet whose fixed header (`header_len` bytes,
/// first byte already validated) starts `frame`.
#[inline]
pub(crate) fn decode_body(
    frame: Bytes,
    header_len: usize,
    packet_type: PacketType,
    version: ProtocolVersion,
) -> Result<Packet, DecodeError> {
    let mut reader = Reader::new(&frame, header_len, packet_type);
    let reader = &mut reader;
    Ok(match packet_type {
        PacketType::Connect => Packet::Connect(Connect::decode(reader)?),
        PacketType::ConnAck => Packet::ConnAck(ConnAck::decode(reader, version)?),
        PacketType::Publish => unreachable!("PUBLISH is decoded by codec::decode itself"),
        PacketType::PubAck => Packet::PubAck(PubAck::decode(reader, version)?),
        PacketType::PubRec => Packet::PubRec(PubRec::decode(reader, version)?),
        PacketType::PubRel => Packet::PubRel(PubRel::decode(reader, version)?),
        PacketType::PubComp => Packet::PubComp(PubComp::decode(reader, version)?),
        PacketType::Subscribe => Packet::Subscribe(Subscribe::decode(reader, version)?),
        PacketType::SubAck => Packet::SubAck(SubAck::decode(reader, version)?),
        PacketType::Unsubscribe => Packet::Unsubscribe(Unsubscribe::decode(reader, version)?),
        PacketType::UnsubAck => Packet::UnsubAck(UnsubAck::decode(reader, version)?),
        PacketType::PingReq => {
            reader.finish()?;
            Packet::PingReq
        }
        PacketType::PingResp => {
            reader.finish()?;
            Packet::PingResp
        }
        PacketType::Disconnect => Packet::Disconnect(Disconnect::decode(reader, version)?),
        PacketType::Auth => Packet::Auth(Auth::decode(reader)?),
    })
}
