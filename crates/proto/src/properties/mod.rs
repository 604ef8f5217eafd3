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
                    self.insert(Property::$list_variant(value));
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
                self.insert(Property::UserProperty(name, value));
            }

            /// Replaces the property with the same identifier, or inserts it.
            #[allow(dead_code)] // sets without single properties
            fn set(&mut self, property: Property) {
                let id = property.id();
                match self.properties.iter_mut().find(|stored| stored.id() == id) {
                    Some(stored) => *stored = property,
                    None => self.insert(property),
                }
            }

            /// Inserts before the first stored property that comes later in
            /// declaration order (so a set built by code keeps that order).
            fn insert(&mut self, property: Property) {
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
