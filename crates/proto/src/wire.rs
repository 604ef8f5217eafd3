//! Primitive fields on the wire: a bounds-checked [`Reader`] over one
//! buffered packet, and the matching `put_*` writers.
//!
//! Policy: the reader never copies. Strings, topics and binary data are
//! [`Bytes`] slices of the packet's own frame, and every error carries the
//! field's offset from the start of the packet.

use bytes::{BufMut, Bytes, BytesMut};

use crate::error::{DecodeError, EncodeError};
use crate::packet::PacketType;
use crate::string::MqttString;
use crate::topic::{self, Topic, TopicError, TopicFilter};
use crate::varint::{self, VarIntError};
use crate::version::PacketId;

/// A cursor over one complete packet (`frame` holds the whole packet,
/// fixed header included; reading happens in `pos..end`).
pub(crate) struct Reader<'a> {
    frame: &'a Bytes,
    pos: usize,
    end: usize,
    packet_type: PacketType,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(frame: &'a Bytes, start: usize, packet_type: PacketType) -> Reader<'a> {
        Reader { frame, pos: start, end: frame.len(), packet_type }
    }

    /// The packet type, for error messages.
    pub(crate) fn packet_type(&self) -> PacketType {
        self.packet_type
    }

    /// The current offset from the start of the packet.
    pub(crate) fn offset(&self) -> usize {
        self.pos
    }

    pub(crate) fn remaining(&self) -> usize {
        self.end - self.pos
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.pos == self.end
    }

    fn end_error(&self, what: &'static str) -> DecodeError {
        DecodeError::UnexpectedEnd { packet_type: self.packet_type, what, offset: self.pos }
    }

    /// Splits off a sub-reader over the next `len` bytes (a property block)
    /// and advances past them.
    pub(crate) fn take(
        &mut self,
        len: usize,
        what: &'static str,
    ) -> Result<Reader<'a>, DecodeError> {
        if len > self.remaining() {
            return Err(self.end_error(what));
        }
        let sub = Reader {
            frame: self.frame,
            pos: self.pos,
            end: self.pos + len,
            packet_type: self.packet_type,
        };
        self.pos += len;
        Ok(sub)
    }

    #[inline]
    fn bytes(&mut self, len: usize, what: &'static str) -> Result<&'a [u8], DecodeError> {
        if len > self.remaining() {
            return Err(self.end_error(what));
        }
        let frame: &'a Bytes = self.frame;
        let slice = &frame[self.pos..self.pos + len];
        self.pos += len;
        Ok(slice)
    }

    #[inline]
    pub(crate) fn u8(&mut self, what: &'static str) -> Result<u8, DecodeError> {
        Ok(self.bytes(1, what)?[0])
    }

    #[inline]
    pub(crate) fn u16(&mut self, what: &'static str) -> Result<u16, DecodeError> {
        let bytes = self.bytes(2, what)?;
        Ok(u16::from_be_bytes([bytes[0], bytes[1]]))
    }

    pub(crate) fn u32(&mut self, what: &'static str) -> Result<u32, DecodeError> {
        let bytes = self.bytes(4, what)?;
        Ok(u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]))
    }

    #[inline]
    pub(crate) fn varint(&mut self, what: &'static str) -> Result<u32, DecodeError> {
        let offset = self.pos;
        match varint::decode(&self.frame[self.pos..self.end]) {
            Ok(Some((value, used))) => {
                self.pos += used;
                Ok(value)
            }
            Ok(None) => Err(self.end_error(what)),
            Err(VarIntError::TooLong) => Err(DecodeError::VarIntTooLong { what, offset }),
            Err(VarIntError::NotMinimal) => Err(DecodeError::VarIntNotMinimal { what, offset }),
        }
    }

    #[inline]
    pub(crate) fn packet_id(&mut self) -> Result<PacketId, DecodeError> {
        let offset = self.pos;
        let raw = self.u16("packet identifier")?;
        PacketId::new(raw)
            .ok_or(DecodeError::ZeroPacketId { packet_type: self.packet_type, offset })
    }

    /// Length-prefixed bytes as a slice of the frame.
    #[inline]
    fn prefixed(&mut self, what: &'static str) -> Result<Bytes, DecodeError> {
        let len = usize::from(self.u16(what)?);
        if len > self.remaining() {
            // Report the field, not its length prefix.
            self.pos -= 2;
            return Err(self.end_error(what));
        }
        let data = self.frame.slice(self.pos..self.pos + len);
        self.pos += len;
        Ok(data)
    }

    /// Binary Data: 2-byte length and that many bytes.
    pub(crate) fn binary(&mut self, what: &'static str) -> Result<Bytes, DecodeError> {
        self.prefixed(what)
    }

    /// A UTF-8 Encoded String.
    pub(crate) fn string(&mut self, what: &'static str) -> Result<MqttString, DecodeError> {
        let offset = self.pos;
        let bytes = self.prefixed(what)?;
        MqttString::from_bytes(bytes).map_err(|reason| DecodeError::InvalidString {
            what,
            offset,
            reason,
        })
    }

    /// A topic name; `allow_empty` for PUBLISH, where an MQTT 5 topic
    /// alias may stand in for it (checked by the caller).
    #[inline]
    pub(crate) fn topic(
        &mut self,
        what: &'static str,
        allow_empty: bool,
    ) -> Result<Topic, DecodeError> {
        let offset = self.pos;
        let bytes = self.prefixed(what)?;
        if allow_empty && bytes.is_empty() {
            return Ok(Topic::empty());
        }
        match topic::check_topic_name(&bytes) {
            Ok(()) => Ok(Topic::from_checked(bytes)),
            Err(err) => Err(topic_error(what, offset, err)),
        }
    }

    /// A topic filter.
    pub(crate) fn topic_filter(&mut self) -> Result<TopicFilter, DecodeError> {
        let what = "topic filter";
        let offset = self.pos;
        let bytes = self.prefixed(what)?;
        TopicFilter::from_bytes(bytes).map_err(|err| topic_error(what, offset, err))
    }

    /// Fails when bytes are left over.
    pub(crate) fn finish(&self) -> Result<(), DecodeError> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(DecodeError::TrailingBytes {
                packet_type: self.packet_type,
                offset: self.pos,
                count: self.remaining(),
            })
        }
    }
}

/// Reports a broken string rule as such, anything else as a topic error.
fn topic_error(what: &'static str, offset: usize, err: TopicError) -> DecodeError {
    match err {
        TopicError::String(reason) => DecodeError::InvalidString { what, offset, reason },
        reason => DecodeError::InvalidTopic { what, offset, reason },
    }
}

pub(crate) fn put_string(buf: &mut BytesMut, string: &MqttString) {
    // MqttString guarantees len ≤ 65,535.
    buf.put_u16(string.len() as u16);
    buf.put_slice(string.as_bytes());
}

/// Binary Data; fails when `data` is longer than 65,535 bytes.
pub(crate) fn put_binary(
    buf: &mut BytesMut,
    data: &[u8],
    what: &'static str,
) -> Result<(), EncodeError> {
    let len = u16::try_from(data.len())
        .map_err(|_| EncodeError::BinaryTooLong { what, len: data.len() })?;
    buf.put_u16(len);
    buf.put_slice(data);
    Ok(())
}
