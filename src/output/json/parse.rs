//! Reading one `mqtt sub --json` line back into a message (the schema is in
//! the parent module). Errors name the member and say what was expected.

use std::fmt;
use std::time::SystemTime;

use base64::prelude::{Engine as _, BASE64_STANDARD};
use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::Value;

use super::Encoding;
use crate::output::message::{MessageProperties, OwnedMessage, Property};

/// Why a line is not a valid message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JsonLineError {
    /// The line is empty or only whitespace.
    Empty,
    /// Not JSON, or not an object (serde_json's message, with the column).
    Syntax(String),
    MissingField(&'static str),
    UnknownField(String),
    DuplicateField(String),
    /// A member with the wrong type or an out-of-range value.
    InvalidField {
        field: &'static str,
        reason: String,
    },
}

impl fmt::Display for JsonLineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JsonLineError::Empty => write!(f, "empty line: expected a JSON object"),
            JsonLineError::Syntax(message) => write!(f, "not a JSON object: {message}"),
            JsonLineError::MissingField(field) => write!(f, "missing field `{field}`"),
            JsonLineError::UnknownField(field) => write!(f, "unknown field `{field}`"),
            JsonLineError::DuplicateField(field) => {
                write!(f, "field `{field}` appears more than once")
            }
            JsonLineError::InvalidField { field, reason } => write!(f, "field `{field}`: {reason}"),
        }
    }
}

impl std::error::Error for JsonLineError {}

const FIELDS: [&str; 17] = [
    "timestamp",
    "topic",
    "qos",
    "retain",
    "dup",
    "packet_id",
    "payload_format_indicator",
    "message_expiry_interval",
    "content_type",
    "response_topic",
    "correlation_data",
    "correlation_data_encoding",
    "subscription_identifiers",
    "topic_alias",
    "user_properties",
    "payload_encoding",
    "payload",
];

/// Parses one line of `mqtt sub --json` output.
pub fn parse_line(line: &str) -> Result<OwnedMessage, JsonLineError> {
    if line.trim().is_empty() {
        return Err(JsonLineError::Empty);
    }
    let Members(members) =
        serde_json::from_str(line).map_err(|err| JsonLineError::Syntax(err.to_string()))?;
    let mut fields: [Option<Value>; FIELDS.len()] = Default::default();
    for (name, value) in members {
        let index = FIELDS
            .iter()
            .position(|known| *known == name)
            .ok_or(JsonLineError::UnknownField(name.clone()))?;
        if fields[index].replace(value).is_some() {
            return Err(JsonLineError::DuplicateField(name));
        }
    }
    let mut take = |name: &'static str| Field {
        name,
        value: fields[FIELDS.iter().position(|f| *f == name).unwrap_or(0)].take(),
    };

    let received_at = take("timestamp").map(timestamp)?;
    let topic = take("topic").required()?;
    let topic = text(topic)?;
    let qos = take("qos").map(|f| f.integer(0, 2))?.unwrap_or(0) as u8;
    let retain = take("retain").map(Present::boolean)?.unwrap_or(false);
    let dup = take("dup").map(Present::boolean)?.unwrap_or(false);
    let packet_id = take("packet_id").map(|f| f.integer(1, 65_535))?.map(|v| v as u16);

    let mut properties = MessageProperties::new();
    if let Some(value) = take("payload_format_indicator").map(|f| f.integer(0, 255))? {
        properties.push(Property::PayloadFormatIndicator(value as u8));
    }
    if let Some(value) =
        take("message_expiry_interval").map(|f| f.integer(0, u64::from(u32::MAX)))?
    {
        properties.push(Property::MessageExpiryInterval(value as u32));
    }
    if let Some(value) = take("content_type").map(text)? {
        properties.push(Property::ContentType(value));
    }
    if let Some(value) = take("response_topic").map(text)? {
        properties.push(Property::ResponseTopic(value));
    }
    let correlation_encoding = take("correlation_data_encoding").map(encoding)?;
    match (take("correlation_data").value_field(), correlation_encoding) {
        (Some(data), encoding) => properties
            .push(Property::CorrelationData(decode(data, encoding.unwrap_or(Encoding::Utf8))?)),
        (None, Some(_)) => {
            return Err(JsonLineError::InvalidField {
                field: "correlation_data_encoding",
                reason: "given without `correlation_data`".into(),
            })
        }
        (None, None) => {}
    }
    if let Some(identifiers) = take("subscription_identifiers").map(Present::array)? {
        for item in identifiers {
            let identifier = Field { name: "subscription_identifiers", value: Some(item) }
                .integer(1, 268_435_455)?;
            properties.push(Property::SubscriptionIdentifier(identifier as u32));
        }
    }
    if let Some(alias) = take("topic_alias").map(|f| f.integer(1, 65_535))? {
        properties.push(Property::TopicAlias(alias as u16));
    }
    if let Some(pairs) = take("user_properties").map(Present::array)? {
        for pair in pairs {
            let (name, value) = user_property(pair)?;
            properties.push(Property::UserProperty(name, value));
        }
    }
    let payload_encoding = take("payload_encoding").map(encoding)?.unwrap_or(Encoding::Utf8);
    let payload = match take("payload").value_field() {
        Some(payload) => decode(payload, payload_encoding)?,
        None => Vec::new(),
    };
    Ok(OwnedMessage { topic, payload, qos, retain, dup, packet_id, received_at, properties })
}

/// One member by name, maybe absent.
struct Field {
    name: &'static str,
    value: Option<Value>,
}

/// A present member.
struct Present {
    name: &'static str,
    value: Value,
}

impl Field {
    fn required(self) -> Result<Present, JsonLineError> {
        let name = self.name;
        self.value.map(|value| Present { name, value }).ok_or(JsonLineError::MissingField(name))
    }

    fn value_field(self) -> Option<Present> {
        let name = self.name;
        self.value.map(|value| Present { name, value })
    }

    /// Applies `check` when the member is present.
    fn map<T>(
        self,
        check: impl FnOnce(Present) -> Result<T, JsonLineError>,
    ) -> Result<Option<T>, JsonLineError> {
        self.value_field().map(check).transpose()
    }

    fn integer(self, min: u64, max: u64) -> Result<u64, JsonLineError> {
        self.required()?.integer(min, max)
    }
}

impl Present {
    fn invalid(&self, expected: &str) -> JsonLineError {
        JsonLineError::InvalidField {
            field: self.name,
            reason: format!("expected {expected}, got {}", self.value),
        }
    }

    fn integer(self, min: u64, max: u64) -> Result<u64, JsonLineError> {
        match self.value.as_u64() {
            Some(value) if (min..=max).contains(&value) => Ok(value),
            _ => Err(self.invalid(&format!("an integer from {min} to {max}"))),
        }
    }

    fn boolean(self) -> Result<bool, JsonLineError> {
        self.value.as_bool().ok_or_else(|| self.invalid("true or false"))
    }

    fn array(self) -> Result<Vec<Value>, JsonLineError> {
        match self.value {
            Value::Array(items) => Ok(items),
            _ => Err(self.invalid("an array")),
        }
    }
}

fn text(field: Present) -> Result<String, JsonLineError> {
    match field.value {
        Value::String(text) => Ok(text),
        _ => Err(field.invalid("a string")),
    }
}

fn timestamp(field: Present) -> Result<SystemTime, JsonLineError> {
    let name = field.name;
    let text = text(field)?;
    let parsed: jiff::Timestamp = text.parse().map_err(|err| JsonLineError::InvalidField {
        field: name,
        reason: format!(
            "expected an RFC 3339 time such as 2024-03-05T07:08:09.5+01:00, got {text:?}: {err}"
        ),
    })?;
    SystemTime::try_from(parsed).map_err(|err| JsonLineError::InvalidField {
        field: name,
        reason: format!("{text:?} is out of range: {err}"),
    })
}

fn encoding(field: Present) -> Result<Encoding, JsonLineError> {
    match field.value.as_str() {
        Some("utf8") => Ok(Encoding::Utf8),
        Some("base64") => Ok(Encoding::Base64),
        _ => Err(field.invalid("\"utf8\" or \"base64\"")),
    }
}

fn decode(field: Present, encoding: Encoding) -> Result<Vec<u8>, JsonLineError> {
    let name = field.name;
    let text = text(field)?;
    match encoding {
        Encoding::Utf8 => Ok(text.into_bytes()),
        Encoding::Base64 => BASE64_STANDARD.decode(text.as_bytes()).map_err(|err| {
            JsonLineError::InvalidField { field: name, reason: format!("invalid base64: {err}") }
        }),
    }
}

fn user_property(pair: Value) -> Result<(String, String), JsonLineError> {
    let invalid = |pair: &Value| JsonLineError::InvalidField {
        field: "user_properties",
        reason: format!("expected [name, value] with two strings, got {pair}"),
    };
    match &pair {
        Value::Array(items) => match items.as_slice() {
            [Value::String(name), Value::String(value)] => Ok((name.clone(), value.clone())),
            _ => Err(invalid(&pair)),
        },
        _ => Err(invalid(&pair)),
    }
}

/// An object's members in order, duplicates kept (so they can be refused).
struct Members(Vec<(String, Value)>);

impl<'de> Deserialize<'de> for Members {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Members, D::Error> {
        struct MembersVisitor;

        impl<'de> Visitor<'de> for MembersVisitor {
            type Value = Members;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Members, A::Error> {
                let mut members = Vec::new();
                while let Some(member) = map.next_entry::<String, Value>()? {
                    members.push(member);
                }
                Ok(Members(members))
            }
        }

        deserializer.deserialize_map(MembersVisitor)
    }
}
