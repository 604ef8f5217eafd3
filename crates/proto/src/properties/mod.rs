//! MQTT 5 properties (MQTT 5.0 §2.2.2): the generic [`Property`] value, the
//! typed property set of each packet, and the property-block codec.
//!
//! Policy: a property that the packet may not carry, an unknown identifier,
//! a forbidden duplicate or an out-of-range value makes the packet
//! malformed. User properties may repeat and keep their order; the
//! Subscription Identifier may repeat in PUBLISH only. Typed sets encode
//! their fields in declaration order, user properties last. Before MQTT 5
//! property blocks do not exist: they are neither read nor written.

mod id;
mod sets;
mod value;

use bytes::{Bytes, BytesMut};

pub use self::id::{PropertyContext, PropertyId};
pub use self::sets::{
    AckProperties, AuthProperties, ConnAckProperties, ConnectProperties, DisconnectProperties,
    PubAckProperties, PubCompProperties, PubRecProperties, PubRelProperties, PublishProperties,
    SubAckProperties, SubscribeProperties, UnsubAckProperties, UnsubscribeProperties,
    WillProperties,
};

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

/// A typed property set: the properties one packet (or the will) can carry.
pub(crate) trait PropertySet: Default {
    const CONTEXT: PropertyContext;

    /// Stores a property that the decoder already checked against
    /// [`Self::CONTEXT`] and the duplicate rules.
    fn apply(&mut self, property: Property);

    /// Bytes of all properties, without the property length prefix.
    fn body_len(&self) -> usize;

    /// Writes all properties, without the property length prefix.
    fn put_body(&self, buf: &mut BytesMut) -> Result<(), EncodeError>;

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
    /// moving the set around on the PUBLISH path.
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
            self.apply(property);
        }
        Ok(())
    }
}

/// Declares a typed property set: `Option` fields for single properties,
/// `Vec` fields for repeatable ones, and `user_properties`.
macro_rules! property_set {
    (
        $(#[$meta:meta])*
        pub struct $name:ident in $context:ident {
            $( $(#[$field_meta:meta])* pub $field:ident: Option<$ty:ty> = $variant:ident, )*
        }
        $( repeated { $( $(#[$list_meta:meta])* pub $list:ident: Vec<$list_ty:ty> = $list_variant:ident, )* } )?
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, PartialEq, Eq)]
        pub struct $name {
            $( $(#[$field_meta])* pub $field: Option<$ty>, )*
            $($( $(#[$list_meta])* pub $list: Vec<$list_ty>, )*)?
            /// User Property pairs, in the order received.
            pub user_properties: Vec<(MqttString, MqttString)>,
        }

        impl $name {
            /// Whether no property is set.
            pub fn is_empty(&self) -> bool {
                true $( && self.$field.is_none() )* $($( && self.$list.is_empty() )*)?
                    && self.user_properties.is_empty()
            }

            /// The properties as generic values, in encoding order.
            pub fn to_properties(&self) -> Vec<Property> {
                let mut all = Vec::new();
                $( if let Some(value) = &self.$field { all.push(Property::$variant(value.clone())); } )*
                $($( all.extend(self.$list.iter().map(|value| Property::$list_variant(value.clone()))); )*)?
                all.extend(self.user_properties.iter().map(|(key, value)| Property::UserProperty(key.clone(), value.clone())));
                all
            }
        }

        impl $crate::properties::PropertySet for $name {
            const CONTEXT: PropertyContext = PropertyContext::$context;

            fn apply(&mut self, property: Property) {
                match property {
                    $( Property::$variant(value) => self.$field = Some(value), )*
                    $($( Property::$list_variant(value) => self.$list.push(value), )*)?
                    Property::UserProperty(key, value) => self.user_properties.push((key, value)),
                    // The decoder checked the context before calling us.
                    _ => {}
                }
            }

            fn body_len(&self) -> usize {
                let mut len = 0;
                $( if let Some(value) = &self.$field { len += 1 + value.wire_len(PropertyId::$variant); } )*
                $($( for value in &self.$list { len += 1 + value.wire_len(PropertyId::$list_variant); } )*)?
                for (key, value) in &self.user_properties {
                    len += 1 + key.prefixed_len() + value.prefixed_len();
                }
                len
            }

            fn put_body(&self, buf: &mut BytesMut) -> Result<(), EncodeError> {
                $( if let Some(value) = &self.$field { value.put(PropertyId::$variant, buf)?; } )*
                $($( for value in &self.$list { value.put(PropertyId::$list_variant, buf)?; } )*)?
                for (key, value) in &self.user_properties {
                    bytes::BufMut::put_u8(buf, PropertyId::UserProperty.code());
                    $crate::wire::put_string(buf, key);
                    $crate::wire::put_string(buf, value);
                }
                Ok(())
            }
        }
    };
}

pub(crate) use property_set;
