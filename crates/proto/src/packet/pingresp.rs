//! PINGRESP (MQTT 5.0 §3.13, 3.1.1 §3.13): answers PINGREQ. It has no body;
//! [`crate::Packet::PingResp`] is the public form, this unit struct only
//! plugs it into the common encoder.

use bytes::BytesMut;

use crate::error::EncodeError;
use crate::version::ProtocolVersion;

use super::{Body, PacketType};

pub(crate) struct PingResp;

impl Body for PingResp {
    const PACKET_TYPE: PacketType = PacketType::PingResp;

    fn body_len(&self, _version: ProtocolVersion) -> usize {
        0
    }

    fn put_body(&self, _version: ProtocolVersion, _buf: &mut BytesMut) -> Result<(), EncodeError> {
        Ok(())
    }
}
