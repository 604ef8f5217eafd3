//! MQTT 5 properties (MQTT 5.0 §2.2.2): the generic [`Property`] value, the
//! typed property set of each packet, and the property-block codec.
//!
//! Policy: a property that the packet may not carry, an unknown identifier,
//! a forbidden duplicate or an out-of-range value makes the packet
//! malformed. User properties may repeat; the Subscription Identifier may
//! repeat in PUBLISH only. Before MQTT 5 property blocks do not exist: they
//! are neither read nor written.
//!
//! Every set is one ordered list of [`Property`] values read in a single
//! pass, with typed accessors over it: a decoded set keeps the order of the
//! wire (repeats included), a set built with the setters keeps the order of
//! the set's declaration (user properties last, repeated properties in the
//! order they were added), and encoding writes the stored order. Equality is
//! order-sensitive: two sets are equal when they encode to the same bytes.
//! The setters take only the properties the packet may carry and replace a
//! single property in place, so a set is always valid for its packet.

mod id;
mod property;
mod set_macros;
mod sets;
mod value;

use bytes::{Bytes, BytesMut};

pub use self::id::{DataType, PropertyContext, PropertyId};
pub use self::property::Property;
pub(crate) use self::set_macros::{property_getter, property_set};
pub use self::sets::{
    AckProperties, AuthProperties, ConnAckProperties, ConnectProperties, DisconnectProperties,
    PubAckProperties, PubCompProperties, PubRecProperties, PubRelProperties, PublishProperties,
    SubAckProperties, SubscribeProperties, UnsubAckProperties, UnsubscribeProperties,
    WillProperties,
};

use crate::error::{DecodeError, EncodeError};
use crate::string::MqttString;
use crate::topic::TopicError;
use crate::varint;
use crate::wire::Reader;

/// A property's value by its data type, borrowed from a [`Property`]: what
/// a printer needs to show any property without knowing it. Flags and
/// Maximum QoS are bytes (0 or 1), a Response Topic is a string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)] // each variant is the data type of the same name
pub enum Value<'a> {
    Byte(u8),
    TwoByteInteger(u16),
    FourByteInteger(u32),
    VariableByteInteger(u32),
    String(&'a MqttString),
    BinaryData(&'a Bytes),
    StringPair(&'a MqttString, &'a MqttString),
}

impl Value<'_> {
    /// The data type of this value.
    pub fn data_type(&self) -> DataType {
        match self {
            Value::Byte(_) => DataType::Byte,
            Value::TwoByteInteger(_) => DataType::TwoByteInteger,
            Value::FourByteInteger(_) => DataType::FourByteInteger,
            Value::VariableByteInteger(_) => DataType::VariableByteInteger,
            Value::String(_) => DataType::String,
            Value::BinaryData(_) => DataType::BinaryData,
            Value::StringPair(_, _) => DataType::StringPair,
        }
    }
}

/// Why a property cannot be made or added to a set.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PropertyError {
    /// The packet (or the will) may not carry this property.
    #[error("{property} may not appear in {context:?} properties")]
    NotAllowed {
        /// The property.
        property: PropertyId,
        /// Where it was to go.
        context: PropertyContext,
    },
    /// A second one of a property that may appear only once.
    #[error("{property} may appear only once")]
    Duplicate {
        /// The property.
        property: PropertyId,
    },
    /// A value of another data type than the property's.
    #[error("{property} takes a {expected:?}, not a {given:?}")]
    WrongType {
        /// The property.
        property: PropertyId,
        /// Its data type.
        expected: DataType,
        /// The data type of the value given.
        given: DataType,
    },
    /// A value outside the property's range (the decoder's rules).
    #[error("{property} cannot be {value}")]
    InvalidValue {
        /// The property.
        property: PropertyId,
        /// The value.
        value: u32,
    },
    /// A Response Topic that is not a topic name.
    #[error("{property}: {error}")]
    InvalidTopic {
        /// The property.
        property: PropertyId,
        /// What is wrong with it.
        error: TopicError,
    },
}

/// A typed property set: the properties one packet (or the will) can carry,
/// stored as one list in wire (or insertion) order.
pub(crate) trait PropertySet: Default {
    const CONTEXT: PropertyContext;

    /// The stored properties, in encoding order.
    fn stored(&self) -> &[Property];

    /// Appends a property that the decoder already checked against
    /// [`Self::CONTEXT`] and the duplicate rules.
    fn push_decoded(&mut self, property: Property);

    /// Bytes of all properties, without the property length prefix.
    fn body_len(&self) -> usize {
        self.stored().iter().map(Property::wire_len).sum()
    }

    /// Writes all properties in stored order, without the length prefix.
    fn put_body(&self, buf: &mut BytesMut) -> Result<(), EncodeError> {
        self.stored().iter().try_for_each(|property| property.put(buf))
    }

    /// Bytes of the whole block: property length prefix and properties.
    fn wire_len(&self) -> usize {
        let body = self.body_len();
        varint::len(body as u32) + body
    }

    /// Writes the whole block: property length prefix and properties.
    fn encode(&self, buf: &mut BytesMut) -> Result<(), EncodeError> {
        // The caller checked that the packet (and so this block) fits a
        // variable byte integer.
        varint::put(buf, self.body_len() as u32);
        self.put_body(buf)
    }

    /// Reads a property block (length prefix and properties) and applies
    /// the placement, duplicate and range rules.
    fn decode(reader: &mut Reader<'_>) -> Result<Self, DecodeError> {
        let mut set = Self::default();
        set.decode_into(reader)?;
        Ok(set)
    }

    /// [`PropertySet::decode`] into an existing (default) set, which saves
    /// moving the set around on the PUBLISH path. One pass: each property
    /// is checked and appended, so the set keeps the wire order.
    #[inline]
    fn decode_into(&mut self, reader: &mut Reader<'_>) -> Result<(), DecodeError> {
        let len = reader.varint("property length")? as usize;
        let mut block = reader.take(len, "properties")?;
        let mut seen: u64 = 0;
        while !block.is_empty() {
            let offset = block.offset();
            let property = Property::decode(&mut block)?;
            let id = property.id();
            if !id.allowed_in(Self::CONTEXT) {
                let context = match Self::CONTEXT {
                    PropertyContext::Will => "will properties",
                    _ => block.packet_type().name(),
                };
                return Err(DecodeError::PropertyNotAllowed { property: id, context, offset });
            }
            let bit = 1u64 << id.code();
            if seen & bit != 0 && !id.may_repeat_in(Self::CONTEXT) {
                return Err(DecodeError::DuplicateProperty { property: id, offset });
            }
            seen |= bit;
            self.push_decoded(property);
        }
        Ok(())
    }
}
