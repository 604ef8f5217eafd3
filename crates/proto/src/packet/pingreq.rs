//! PINGREQ (MQTT 5.0 §3.12, 3.1.1 §3.12): asks the server whether the connection is alive. It has no body;
//! [`crate::Packet::PingReq`] is the public form, this unit struct only
//! plugs it into the common encoder.

use bytes::BytesMut;

use crate::error::EncodeError;
use crate::version::ProtocolVersion;

use super::{Body, PacketType};

pub(crate) struct PingReq;

impl Body for PingReq {
    const PACKET_TYPE: PacketType = PacketType::PingReq;

    fn body_len(&self, _version: ProtocolVersion) -> usize {
        0
    }

    fn put_body(&self, _version: ProtocolVersion, _buf: &mut BytesMut) -> Result<(), EncodeError> {
        Ok(())
    }
}
