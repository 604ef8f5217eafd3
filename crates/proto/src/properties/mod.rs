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
mod sets;
mod value;

use bytes::{Bytes, BytesMut};

use self::value::PropertyValue;

pub use self::id::{DataType, PropertyContext, PropertyId};
pub use self::sets::{
    AckProperties, AuthProperties, ConnAckProperties, ConnectProperties, DisconnectProperties,
    PubAckProperties, PubCompProperties, PubRecProperties, PubRelProperties, PublishProperties,
    SubAckProperties, SubscribeProperties, UnsubAckProperties, UnsubscribeProperties,
    WillProperties,
};

use crate::error::{DecodeError, EncodeError};
use crate::string::MqttString;
use crate::topic::{Topic, TopicError};
use crate::varint;
use crate::version::QoS;
use crate::wire::Reader;

/// One property with its value, as found on the wire.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(missing_docs)] // each variant is the property of the same name
pub enum Property {
    PayloadFormatIndicator(bool),
    MessageExpiryInterval(u32),
    ContentType(MqttString),
    ResponseTopic(Topic),
    CorrelationData(Bytes),
    SubscriptionIdentifier(u32),
    SessionExpiryInterval(u32),
    AssignedClientIdentifier(MqttString),
    ServerKeepAlive(u16),
    AuthenticationMethod(MqttString),
    AuthenticationData(Bytes),
    RequestProblemInformation(bool),
    WillDelayInterval(u32),
    RequestResponseInformation(bool),
    ResponseInformation(MqttString),
    ServerReference(MqttString),
    ReasonString(MqttString),
    ReceiveMaximum(u16),
    TopicAliasMaximum(u16),
    TopicAlias(u16),
    MaximumQoS(QoS),
    RetainAvailable(bool),
    UserProperty(MqttString, MqttString),
    MaximumPacketSize(u32),
    WildcardSubscriptionAvailable(bool),
    SubscriptionIdentifierAvailable(bool),
    SharedSubscriptionAvailable(bool),
}

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

impl Property {
    /// The value by its data type.
    pub fn value(&self) -> Value<'_> {
        match self {
            Property::PayloadFormatIndicator(flag)
            | Property::RequestProblemInformation(flag)
            | Property::RequestResponseInformation(flag)
            | Property::RetainAvailable(flag)
            | Property::WildcardSubscriptionAvailable(flag)
            | Property::SubscriptionIdentifierAvailable(flag)
            | Property::SharedSubscriptionAvailable(flag) => Value::Byte(u8::from(*flag)),
            Property::MaximumQoS(qos) => Value::Byte(qos.level()),
            Property::ServerKeepAlive(value)
            | Property::ReceiveMaximum(value)
            | Property::TopicAliasMaximum(value)
            | Property::TopicAlias(value) => Value::TwoByteInteger(*value),
            Property::MessageExpiryInterval(value)
            | Property::SessionExpiryInterval(value)
            | Property::WillDelayInterval(value)
            | Property::MaximumPacketSize(value) => Value::FourByteInteger(*value),
            Property::SubscriptionIdentifier(value) => Value::VariableByteInteger(*value),
            Property::ContentType(text)
            | Property::AssignedClientIdentifier(text)
            | Property::AuthenticationMethod(text)
            | Property::ResponseInformation(text)
            | Property::ServerReference(text)
            | Property::ReasonString(text) => Value::String(text),
            Property::ResponseTopic(topic) => Value::String(topic.as_mqtt_string()),
            Property::CorrelationData(data) | Property::AuthenticationData(data) => {
                Value::BinaryData(data)
            }
            Property::UserProperty(key, value) => Value::StringPair(key, value),
        }
    }

    /// The property `id` with `value`, checked as the decoder checks it:
    /// the data type must be the property's, flags and Maximum QoS are 0 or
    /// 1, Receive Maximum, Topic Alias, Maximum Packet Size and Subscription
    /// Identifier are not 0 (the last at most 268,435,455), and a Response
    /// Topic is a topic name. Strings and binary data are shared, not copied.
    pub fn from_value(id: PropertyId, value: Value<'_>) -> Result<Property, PropertyError> {
        let invalid = |value: u32| PropertyError::InvalidValue { property: id, value };
        let flag = |byte: u8| match byte {
            0 => Ok(false),
            1 => Ok(true),
            other => Err(invalid(u32::from(other))),
        };
        let non_zero = |number: u32| if number == 0 { Err(invalid(0)) } else { Ok(number) };
        Ok(match (id, value) {
            (PropertyId::PayloadFormatIndicator, Value::Byte(b)) => {
                Property::PayloadFormatIndicator(flag(b)?)
            }
            (PropertyId::RequestProblemInformation, Value::Byte(b)) => {
                Property::RequestProblemInformation(flag(b)?)
            }
            (PropertyId::RequestResponseInformation, Value::Byte(b)) => {
                Property::RequestResponseInformation(flag(b)?)
            }
            (PropertyId::RetainAvailable, Value::Byte(b)) => Property::RetainAvailable(flag(b)?),
            (PropertyId::WildcardSubscriptionAvailable, Value::Byte(b)) => {
                Property::WildcardSubscriptionAvailable(flag(b)?)
            }
            (PropertyId::SubscriptionIdentifierAvailable, Value::Byte(b)) => {
                Property::SubscriptionIdentifierAvailable(flag(b)?)
            }
            (PropertyId::SharedSubscriptionAvailable, Value::Byte(b)) => {
                Property::SharedSubscriptionAvailable(flag(b)?)
            }
            (PropertyId::MaximumQoS, Value::Byte(b)) => Property::MaximumQoS(match b {
                0 => QoS::AtMostOnce,
                1 => QoS::AtLeastOnce,
                other => return Err(invalid(u32::from(other))),
            }),
            (PropertyId::ServerKeepAlive, Value::TwoByteInteger(n)) => Property::ServerKeepAlive(n),
            (PropertyId::ReceiveMaximum, Value::TwoByteInteger(n)) => {
                Property::ReceiveMaximum(non_zero(u32::from(n))? as u16)
            }
            (PropertyId::TopicAliasMaximum, Value::TwoByteInteger(n)) => {
                Property::TopicAliasMaximum(n)
            }
            (PropertyId::TopicAlias, Value::TwoByteInteger(n)) => {
                Property::TopicAlias(non_zero(u32::from(n))? as u16)
            }
            (PropertyId::MessageExpiryInterval, Value::FourByteInteger(n)) => {
                Property::MessageExpiryInterval(n)
            }
            (PropertyId::SessionExpiryInterval, Value::FourByteInteger(n)) => {
                Property::SessionExpiryInterval(n)
            }
            (PropertyId::WillDelayInterval, Value::FourByteInteger(n)) => {
                Property::WillDelayInterval(n)
            }
            (PropertyId::MaximumPacketSize, Value::FourByteInteger(n)) => {
                Property::MaximumPacketSize(non_zero(n)?)
            }
            (PropertyId::SubscriptionIdentifier, Value::VariableByteInteger(n)) => {
                if n > varint::MAX {
                    return Err(invalid(n));
                }
                Property::SubscriptionIdentifier(non_zero(n)?)
            }
            (PropertyId::ContentType, Value::String(text)) => Property::ContentType(text.clone()),
            (PropertyId::AssignedClientIdentifier, Value::String(text)) => {
                Property::AssignedClientIdentifier(text.clone())
            }
            (PropertyId::AuthenticationMethod, Value::String(text)) => {
                Property::AuthenticationMethod(text.clone())
            }
            (PropertyId::ResponseInformation, Value::String(text)) => {
                Property::ResponseInformation(text.clone())
            }
            (PropertyId::ServerReference, Value::String(text)) => {
                Property::ServerReference(text.clone())
            }
            (PropertyId::ReasonString, Value::String(text)) => Property::ReasonString(text.clone()),
            (PropertyId::ResponseTopic, Value::String(text)) => Property::ResponseTopic(
                Topic::from_string(text.clone())
                    .map_err(|error| PropertyError::InvalidTopic { property: id, error })?,
            ),
            (PropertyId::CorrelationData, Value::BinaryData(data)) => {
                Property::CorrelationData(data.clone())
            }
            (PropertyId::AuthenticationData, Value::BinaryData(data)) => {
                Property::AuthenticationData(data.clone())
            }
            (PropertyId::UserProperty, Value::StringPair(key, value)) => {
                Property::UserProperty(key.clone(), value.clone())
            }
            (_, value) => {
                return Err(PropertyError::WrongType {
                    property: id,
                    expected: id.data_type(),
                    given: value.data_type(),
                })
            }
        })
    }

    /// The property's identifier.
    pub fn id(&self) -> PropertyId {
        match self {
            Property::PayloadFormatIndicator(_) => PropertyId::PayloadFormatIndicator,
            Property::MessageExpiryInterval(_) => PropertyId::MessageExpiryInterval,
            Property::ContentType(_) => PropertyId::ContentType,
            Property::ResponseTopic(_) => PropertyId::ResponseTopic,
            Property::CorrelationData(_) => PropertyId::CorrelationData,
            Property::SubscriptionIdentifier(_) => PropertyId::SubscriptionIdentifier,
            Property::SessionExpiryInterval(_) => PropertyId::SessionExpiryInterval,
            Property::AssignedClientIdentifier(_) => PropertyId::AssignedClientIdentifier,
            Property::ServerKeepAlive(_) => PropertyId::ServerKeepAlive,
            Property::AuthenticationMethod(_) => PropertyId::AuthenticationMethod,
            Property::AuthenticationData(_) => PropertyId::AuthenticationData,
            Property::RequestProblemInformation(_) => PropertyId::RequestProblemInformation,
            Property::WillDelayInterval(_) => PropertyId::WillDelayInterval,
            Property::RequestResponseInformation(_) => PropertyId::RequestResponseInformation,
            Property::ResponseInformation(_) => PropertyId::ResponseInformation,
            Property::ServerReference(_) => PropertyId::ServerReference,
            Property::ReasonString(_) => PropertyId::ReasonString,
            Property::ReceiveMaximum(_) => PropertyId::ReceiveMaximum,
            Property::TopicAliasMaximum(_) => PropertyId::TopicAliasMaximum,
            Property::TopicAlias(_) => PropertyId::TopicAlias,
            Property::MaximumQoS(_) => PropertyId::MaximumQoS,
            Property::RetainAvailable(_) => PropertyId::RetainAvailable,
            Property::UserProperty(_, _) => PropertyId::UserProperty,
            Property::MaximumPacketSize(_) => PropertyId::MaximumPacketSize,
            Property::WildcardSubscriptionAvailable(_) => PropertyId::WildcardSubscriptionAvailable,
            Property::SubscriptionIdentifierAvailable(_) => {
                PropertyId::SubscriptionIdentifierAvailable
            }
            Property::SharedSubscriptionAvailable(_) => PropertyId::SharedSubscriptionAvailable,
        }
    }

    /// Bytes of this property on the wire, identifier included.
    pub(crate) fn wire_len(&self) -> usize {
        1 + match self {
            Property::PayloadFormatIndicator(_)
            | Property::RequestProblemInformation(_)
            | Property::RequestResponseInformation(_)
            | Property::RetainAvailable(_)
            | Property::WildcardSubscriptionAvailable(_)
            | Property::SubscriptionIdentifierAvailable(_)
            | Property::SharedSubscriptionAvailable(_)
            | Property::MaximumQoS(_) => 1,
            Property::ServerKeepAlive(_)
            | Property::ReceiveMaximum(_)
            | Property::TopicAliasMaximum(_)
            | Property::TopicAlias(_) => 2,
            Property::MessageExpiryInterval(_)
            | Property::SessionExpiryInterval(_)
            | Property::WillDelayInterval(_)
            | Property::MaximumPacketSize(_) => 4,
            Property::SubscriptionIdentifier(value) => varint::len(*value),
            Property::ContentType(value)
            | Property::AssignedClientIdentifier(value)
            | Property::AuthenticationMethod(value)
            | Property::ResponseInformation(value)
            | Property::ServerReference(value)
            | Property::ReasonString(value) => value.prefixed_len(),
            Property::ResponseTopic(value) => value.as_mqtt_string().prefixed_len(),
            Property::CorrelationData(value) | Property::AuthenticationData(value) => {
                2 + value.len()
            }
            Property::UserProperty(key, value) => key.prefixed_len() + value.prefixed_len(),
        }
    }

    /// Writes this property (identifier and value) after the range checks
    /// the decoder applies.
    pub(crate) fn put(&self, buf: &mut BytesMut) -> Result<(), EncodeError> {
        // Each variant is named like its identifier; the identifier is a
        // constant in each arm, so the value writers fold their checks.
        macro_rules! put_each {
            ($($variant:ident),*) => {
                match self {
                    $( Property::$variant(value) => value.put(PropertyId::$variant, buf), )*
                    Property::UserProperty(key, value) => {
                        bytes::BufMut::put_u8(buf, PropertyId::UserProperty.code());
                        crate::wire::put_string(buf, key);
                        crate::wire::put_string(buf, value);
                        Ok(())
                    }
                }
            };
        }
        put_each!(
            PayloadFormatIndicator,
            MessageExpiryInterval,
            ContentType,
            ResponseTopic,
            CorrelationData,
            SubscriptionIdentifier,
            SessionExpiryInterval,
            AssignedClientIdentifier,
            ServerKeepAlive,
            AuthenticationMethod,
            AuthenticationData,
            RequestProblemInformation,
            WillDelayInterval,
            RequestResponseInformation,
            ResponseInformation,
            ServerReference,
            ReasonString,
            ReceiveMaximum,
            TopicAliasMaximum,
            TopicAlias,
            MaximumQoS,
            RetainAvailable,
            MaximumPacketSize,
            WildcardSubscriptionAvailable,
            SubscriptionIdentifierAvailable,
            SharedSubscriptionAvailable
        )
    }

    /// Reads one property (identifier and value) and checks its range.
    pub(crate) fn decode(reader: &mut Reader<'_>) -> Result<Property, DecodeError> {
        let offset = reader.offset();
        let code = reader.varint("property identifier")?;
        let id =
            PropertyId::from_code(code).ok_or(DecodeError::UnknownProperty { id: code, offset })?;
        let what = id.name();
        let invalid =
            |value: u32| DecodeError::InvalidPropertyValue { property: id, value, offset };
        let flag = |reader: &mut Reader<'_>| -> Result<bool, DecodeError> {
            match reader.u8(what)? {
                0 => Ok(false),
                1 => Ok(true),
                other => Err(invalid(u32::from(other))),
            }
        };
        let non_zero_u16 = |reader: &mut Reader<'_>| -> Result<u16, DecodeError> {
            match reader.u16(what)? {
                0 => Err(invalid(0)),
                value => Ok(value),
            }
        };
        Ok(match id {
            PropertyId::PayloadFormatIndicator => Property::PayloadFormatIndicator(flag(reader)?),
            PropertyId::MessageExpiryInterval => Property::MessageExpiryInterval(reader.u32(what)?),
            PropertyId::ContentType => Property::ContentType(reader.string(what)?),
            PropertyId::ResponseTopic => Property::ResponseTopic(reader.topic(what, false)?),
            PropertyId::CorrelationData => Property::CorrelationData(reader.binary(what)?),
            PropertyId::SubscriptionIdentifier => match reader.varint(what)? {
                0 => return Err(invalid(0)),
                value => Property::SubscriptionIdentifier(value),
            },
            PropertyId::SessionExpiryInterval => Property::SessionExpiryInterval(reader.u32(what)?),
            PropertyId::AssignedClientIdentifier => {
                Property::AssignedClientIdentifier(reader.string(what)?)
            }
            PropertyId::ServerKeepAlive => Property::ServerKeepAlive(reader.u16(what)?),
            PropertyId::AuthenticationMethod => {
                Property::AuthenticationMethod(reader.string(what)?)
            }
            PropertyId::AuthenticationData => Property::AuthenticationData(reader.binary(what)?),
            PropertyId::RequestProblemInformation => {
                Property::RequestProblemInformation(flag(reader)?)
            }
            PropertyId::WillDelayInterval => Property::WillDelayInterval(reader.u32(what)?),
            PropertyId::RequestResponseInformation => {
                Property::RequestResponseInformation(flag(reader)?)
            }
            PropertyId::ResponseInformation => Property::ResponseInformation(reader.string(what)?),
            PropertyId::ServerReference => Property::ServerReference(reader.string(what)?),
            PropertyId::ReasonString => Property::ReasonString(reader.string(what)?),
            PropertyId::ReceiveMaximum => Property::ReceiveMaximum(non_zero_u16(reader)?),
            PropertyId::TopicAliasMaximum => Property::TopicAliasMaximum(reader.u16(what)?),
            PropertyId::TopicAlias => Property::TopicAlias(non_zero_u16(reader)?),
            PropertyId::MaximumQoS => match reader.u8(what)? {
                0 => Property::MaximumQoS(QoS::AtMostOnce),
                1 => Property::MaximumQoS(QoS::AtLeastOnce),
                other => return Err(invalid(u32::from(other))),
            },
            PropertyId::RetainAvailable => Property::RetainAvailable(flag(reader)?),
            PropertyId::UserProperty => {
                let key = reader.string("User Property name")?;
                let value = reader.string("User Property value")?;
                Property::UserProperty(key, value)
            }
            PropertyId::MaximumPacketSize => match reader.u32(what)? {
                0 => return Err(invalid(0)),
                value => Property::MaximumPacketSize(value),
            },
            PropertyId::WildcardSubscriptionAvailable => {
                Property::WildcardSubscriptionAvailable(flag(reader)?)
            }
            PropertyId::SubscriptionIdentifierAvailable => {
                Property::SubscriptionIdentifierAvailable(flag(reader)?)
            }
            PropertyId::SharedSubscriptionAvailable => {
                Property::SharedSubscriptionAvailable(flag(reader)?)
            }
        })
    }
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

/// The typed getter of a single property: `copy` values are returned by
/// value, `ref` values by reference.
macro_rules! property_getter {
    ($(#[$meta:meta])* copy $field:ident: $ty:ty = $variant:ident) => {
        $(#[$meta])*
        pub fn $field(&self) -> Option<$ty> {
            self.properties.iter().find_map(|property| {
                if let Property::$variant(value) = property { Some(*value) } else { None }
            })
        }
    };
    ($(#[$meta:meta])* ref $field:ident: $ty:ty = $variant:ident) => {
        $(#[$meta])*
        pub fn $field(&self) -> Option<&$ty> {
            self.properties.iter().find_map(|property| {
                if let Property::$variant(value) = property { Some(value) } else { None }
            })
        }
    };
}

/// Declares a typed property set: one ordered list of [`Property`] values
/// with a getter and a setter per single property, a getter (an iterator
/// in stored order) and a `push_` method per repeatable one, and the same
/// for user properties. The declaration order is the order a set built
/// with the setters keeps.
macro_rules! property_set {
    (
        $(#[$meta:meta])*
        pub struct $name:ident in $context:ident {
            $( $(#[$field_meta:meta])* $kind:ident $field:ident / $setter:ident: $ty:ty = $variant:ident, )*
        }
        $( repeated { $( $(#[$list_meta:meta])* $list:ident / $pusher:ident: $list_ty:ty = $list_variant:ident, )* } )?
    ) => {
        $(#[$meta])*
        ///
        /// An ordered list of properties: decoded sets keep the wire order,
        /// sets built with the setters keep the declaration order below
        /// (user properties last). Equality compares the order too.
        #[derive(Debug, Clone, Default, PartialEq, Eq)]
        pub struct $name {
            properties: Vec<Property>,
        }

        impl $name {
            /// The order of a set built with the setters.
            const DECLARATION_ORDER: &'static [PropertyId] = &[
                $( PropertyId::$variant, )*
                $($( PropertyId::$list_variant, )*)?
                PropertyId::UserProperty,
            ];

            /// An empty set.
            pub const fn new() -> $name {
                $name { properties: Vec::new() }
            }

            /// Whether no property is set.
            pub fn is_empty(&self) -> bool {
                self.properties.is_empty()
            }

            /// How many properties are stored, repeats included.
            pub fn len(&self) -> usize {
                self.properties.len()
            }

            /// The properties in stored order: the wire order for a decoded
            /// set, repeats included.
            pub fn iter(&self) -> core::slice::Iter<'_, Property> {
                self.properties.iter()
            }

            /// The properties in stored order, as a slice.
            pub fn as_slice(&self) -> &[Property] {
                &self.properties
            }

            /// The properties as generic values in declaration order (single
            /// properties, then repeated ones, then user properties), however
            /// they are stored; [`Self::iter`] gives the stored order.
            pub fn to_properties(&self) -> Vec<Property> {
                let mut all = Vec::with_capacity(self.properties.len());
                for id in Self::DECLARATION_ORDER {
                    all.extend(self.properties.iter().filter(|p| p.id() == *id).cloned());
                }
                all
            }

            /// Adds any property this packet may carry, as the setters do: a
            /// single property replaces the one stored (in place) or goes to
            /// its declaration position, a repeatable one goes after the
            /// others of its kind.
            pub fn insert(&mut self, property: Property) -> Result<(), PropertyError> {
                let id = property.id();
                let context = <Self as $crate::properties::PropertySet>::CONTEXT;
                if !id.allowed_in(context) {
                    return Err(PropertyError::NotAllowed { property: id, context });
                }
                if id.may_repeat_in(context) {
                    self.insert_in_order(property);
                } else {
                    self.set(property);
                }
                Ok(())
            }

            /// Appends a property after all others, as a decoder keeps the
            /// wire order; refuses, as the decoder does, a property this
            /// packet may not carry and a repeat of a single property.
            pub fn try_push(&mut self, property: Property) -> Result<(), PropertyError> {
                let id = property.id();
                let context = <Self as $crate::properties::PropertySet>::CONTEXT;
                if !id.allowed_in(context) {
                    return Err(PropertyError::NotAllowed { property: id, context });
                }
                if !id.may_repeat_in(context) && self.properties.iter().any(|p| p.id() == id) {
                    return Err(PropertyError::Duplicate { property: id });
                }
                self.properties.push(property);
                Ok(())
            }

            /// A set of `properties` in the given order (see [`Self::try_push`]).
            pub fn from_wire_order(
                properties: impl IntoIterator<Item = Property>,
            ) -> Result<$name, PropertyError> {
                let mut set = $name::new();
                for property in properties {
                    set.try_push(property)?;
                }
                Ok(set)
            }

            /// Removes every property with identifier `id`.
            pub fn remove(&mut self, id: PropertyId) {
                self.properties.retain(|property| property.id() != id);
            }

            $(
                property_getter!($(#[$field_meta])* $kind $field: $ty = $variant);

                #[doc = concat!("Sets the ", stringify!($variant), " property: in place when the set has one, else at its declaration position.")]
                pub fn $setter(&mut self, value: $ty) {
                    self.set(Property::$variant(value));
                }
            )*

            $($(
                $(#[$list_meta])*
                ///
                /// In stored order.
                pub fn $list(&self) -> impl Iterator<Item = $list_ty> + '_ {
                    self.properties.iter().filter_map(|property| {
                        if let Property::$list_variant(value) = property { Some(*value) } else { None }
                    })
                }

                #[doc = concat!("Adds a ", stringify!($list_variant), " property after the others of its kind.")]
                pub fn $pusher(&mut self, value: $list_ty) {
                    self.insert_in_order(Property::$list_variant(value));
                }
            )*)?

            /// User Property pairs (name, value) in stored order, duplicates
            /// kept.
            pub fn user_properties(&self) -> impl Iterator<Item = (&MqttString, &MqttString)> + '_ {
                self.properties.iter().filter_map(|property| {
                    if let Property::UserProperty(key, value) = property {
                        Some((key, value))
                    } else {
                        None
                    }
                })
            }

            /// Adds a User Property pair after the other properties.
            pub fn push_user_property(&mut self, name: MqttString, value: MqttString) {
                self.insert_in_order(Property::UserProperty(name, value));
            }

            /// Replaces the property with the same identifier, or inserts it.
            fn set(&mut self, property: Property) {
                let id = property.id();
                match self.properties.iter_mut().find(|stored| stored.id() == id) {
                    Some(stored) => *stored = property,
                    None => self.insert_in_order(property),
                }
            }

            /// Inserts before the first stored property that comes later in
            /// declaration order (so a set built by code keeps that order).
            fn insert_in_order(&mut self, property: Property) {
                let rank = |id: PropertyId| {
                    Self::DECLARATION_ORDER.iter().position(|known| *known == id)
                };
                let own = rank(property.id());
                let at = self
                    .properties
                    .iter()
                    .position(|stored| rank(stored.id()) > own)
                    .unwrap_or(self.properties.len());
                self.properties.insert(at, property);
            }
        }

        impl<'a> IntoIterator for &'a $name {
            type Item = &'a Property;
            type IntoIter = core::slice::Iter<'a, Property>;

            fn into_iter(self) -> Self::IntoIter {
                self.properties.iter()
            }
        }

        impl $crate::properties::PropertySet for $name {
            const CONTEXT: PropertyContext = PropertyContext::$context;

            fn stored(&self) -> &[Property] {
                &self.properties
            }

            #[inline]
            fn push_decoded(&mut self, property: Property) {
                self.properties.push(property);
            }
        }
    };
}

pub(crate) use {property_getter, property_set};
