//! How each Rust value type of a property is written, and the range checks
//! the encoder applies (the same ones the decoder enforces).

use bytes::{BufMut, Bytes, BytesMut};

use crate::error::EncodeError;
use crate::properties::PropertyId;
use crate::string::MqttString;
use crate::topic::Topic;
use crate::varint;
use crate::version::QoS;
use crate::wire::{put_binary, put_string};

/// A property value's wire form; `id` picks between forms that share a Rust
/// type (a Subscription Identifier is a Variable Byte Integer, other `u32`s
/// are Four Byte Integers). [`crate::Property`] computes the lengths.
pub(crate) trait PropertyValue {
    fn put(&self, id: PropertyId, buf: &mut BytesMut) -> Result<(), EncodeError>;
}

fn invalid(property: PropertyId, value: u32) -> EncodeError {
    EncodeError::InvalidPropertyValue { property, value }
}

impl PropertyValue for bool {
    fn put(&self, id: PropertyId, buf: &mut BytesMut) -> Result<(), EncodeError> {
        buf.put_u8(id.code());
        buf.put_u8(u8::from(*self));
        Ok(())
    }
}

impl PropertyValue for QoS {
    fn put(&self, id: PropertyId, buf: &mut BytesMut) -> Result<(), EncodeError> {
        // Maximum QoS is the only QoS property and may only be 0 or 1.
        if *self == QoS::ExactlyOnce {
            return Err(invalid(id, 2));
        }
        buf.put_u8(id.code());
        buf.put_u8(self.level());
        Ok(())
    }
}

impl PropertyValue for u16 {
    fn put(&self, id: PropertyId, buf: &mut BytesMut) -> Result<(), EncodeError> {
        if *self == 0 && matches!(id, PropertyId::ReceiveMaximum | PropertyId::TopicAlias) {
            return Err(invalid(id, 0));
        }
        buf.put_u8(id.code());
        buf.put_u16(*self);
        Ok(())
    }
}

impl PropertyValue for u32 {
    fn put(&self, id: PropertyId, buf: &mut BytesMut) -> Result<(), EncodeError> {
        match id {
            PropertyId::SubscriptionIdentifier => {
                if *self == 0 || *self > varint::MAX {
                    return Err(invalid(id, *self));
                }
                buf.put_u8(id.code());
                varint::put(buf, *self);
            }
            _ => {
                if *self == 0 && id == PropertyId::MaximumPacketSize {
                    return Err(invalid(id, 0));
                }
                buf.put_u8(id.code());
                buf.put_u32(*self);
            }
        }
        Ok(())
    }
}

impl PropertyValue for MqttString {
    fn put(&self, id: PropertyId, buf: &mut BytesMut) -> Result<(), EncodeError> {
        buf.put_u8(id.code());
        put_string(buf, self);
        Ok(())
    }
}

impl PropertyValue for Topic {
    fn put(&self, id: PropertyId, buf: &mut BytesMut) -> Result<(), EncodeError> {
        // Response Topic is a topic name, which cannot be empty.
        if self.is_empty() {
            return Err(invalid(id, 0));
        }
        buf.put_u8(id.code());
        put_string(buf, self.as_mqtt_string());
        Ok(())
    }
}

impl PropertyValue for Bytes {
    fn put(&self, id: PropertyId, buf: &mut BytesMut) -> Result<(), EncodeError> {
        buf.put_u8(id.code());
        put_binary(buf, self, id.name())
    }
}
