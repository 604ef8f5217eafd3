//! One MQTT 5 property (MQTT 5.0 §2.2.2.2): its value by data type, its
//! identifier, and its bytes on the wire. Adding a property means a
//! variant here, its identifier in `id.rs` and its line in `sets.rs`.

use bytes::{Bytes, BytesMut};

use super::value::PropertyValue;
use super::{PropertyError, PropertyId, Value};
use crate::error::{DecodeError, EncodeError};
use crate::string::MqttString;
use crate::topic::Topic;
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
