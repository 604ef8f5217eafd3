//! The macros that declare each packet's property set over one ordered
//! list of [`Property`](super::Property) values, with typed accessors.

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
