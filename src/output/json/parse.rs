//! Reading one `mqtt sub --json` line back into a message (the schema is in
//! the parent module). Errors name the member and say what was expected.

use std::fmt;
use std::sync::OnceLock;
use std::time::SystemTime;

use base64::prelude::{Engine as _, BASE64_STANDARD};
use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::Value;

use bytes::Bytes;
use mqtt_proto::{
    DataType, MqttString, Property, PropertyError, PropertyId, PublishProperties, QoS,
    Value as PropertyValue,
};

use super::{members, Encoding, Member};
use crate::output::message::OwnedMessage;

/// Why a line is not a valid message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JsonLineError {
    /// The line is empty or only whitespace.
    Empty,
    /// Not JSON, or not an object (serde_json's message, with the column).
    Syntax(String),
    DuplicateField(String),
    /// A member with the wrong type or an out-of-range value.
    InvalidField {
        field: &'static str,
        reason: String,
    },
    /// A property value MQTT cannot carry (a NUL in a string, a response
    /// topic with a wildcard): the codec's words.
    InvalidProperty(String),
}

impl fmt::Display for JsonLineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JsonLineError::Empty => write!(f, "empty line: expected a JSON object"),
            JsonLineError::Syntax(message) => write!(f, "not a JSON object: {message}"),
            JsonLineError::DuplicateField(field) => {
                write!(f, "field `{field}` appears more than once")
            }
            JsonLineError::InvalidField { field, reason } => write!(f, "field `{field}`: {reason}"),
            JsonLineError::InvalidProperty(reason) => f.write_str(reason),
        }
    }
}

impl std::error::Error for JsonLineError {}

/// Every member the schema knows: the message's, each property's (with the
/// `_encoding` companion of binary data), then the payload's.
fn fields() -> &'static [&'static str] {
    static FIELDS: OnceLock<Vec<&'static str>> = OnceLock::new();
    FIELDS.get_or_init(|| {
        let mut fields = vec!["timestamp", "topic", "qos", "retain", "dup", "packet_id"];
        for member in members() {
            fields.push(member.name.as_str());
            if member.id.data_type() == DataType::BinaryData {
                fields.push(member.encoding.as_str());
            }
        }
        fields.extend(["payload_encoding", "payload", "decoded"]);
        fields
    })
}

/// Parses one line of `mqtt sub --json` output.
pub fn parse_line(line: &str) -> Result<OwnedMessage, JsonLineError> {
    if line.trim().is_empty() {
        return Err(JsonLineError::Empty);
    }
    let Members(given) =
        serde_json::from_str(line).map_err(|err| JsonLineError::Syntax(err.to_string()))?;
    let known = fields();
    let mut fields: Vec<Option<Value>> = vec![None; known.len()];
    for (name, value) in given {
        // Members of a newer schema are ignored: captures replay forward.
        let Some(index) = known.iter().position(|known| *known == name) else { continue };
        if fields[index].replace(value).is_some() {
            return Err(JsonLineError::DuplicateField(name));
        }
    }
    let mut take = |name: &'static str| Field {
        name,
        value: fields[known.iter().position(|f| *f == name).unwrap_or(0)].take(),
    };

    let received_at = take("timestamp").map(timestamp)?;
    let topic = take("topic").map(text)?;
    let qos = take("qos").map(|f| f.integer(0, 2))?.unwrap_or(0) as u8;
    let qos = QoS::try_from(qos).unwrap_or_default(); // 0 to 2, checked above
    let retain = take("retain").map(Present::boolean)?.unwrap_or(false);
    let dup = take("dup").map(Present::boolean)?.unwrap_or(false);
    let packet_id = take("packet_id").map(|f| f.integer(1, 65_535))?.map(|v| v as u16);

    // In schema order, which is the order the set keeps.
    let mut properties = PublishProperties::new();
    for member in members() {
        let encoding = match member.id.data_type() {
            DataType::BinaryData => take(&member.encoding).map(encoding)?,
            _ => None,
        };
        let field = match (take(&member.name).value_field(), encoding) {
            (Some(field), _) => field,
            (None, Some(_)) => {
                return Err(JsonLineError::InvalidField {
                    field: &member.encoding,
                    reason: format!("given without `{}`", member.name),
                })
            }
            (None, None) => continue,
        };
        let name = field.name;
        let items = if member.repeated { field.array()? } else { vec![field.value] };
        for item in items {
            let value = Present { name, value: item };
            let property = property(member, value, encoding.unwrap_or(Encoding::Utf8))?;
            // The schema cannot repeat a single property.
            let _ = properties.try_push(property);
        }
    }
    let payload_encoding = take("payload_encoding").map(encoding)?.unwrap_or(Encoding::Utf8);
    let payload = match take("payload").value_field() {
        Some(payload) => decode(payload, payload_encoding)?,
        None => Vec::new(),
    };
    let decoded = take("decoded").value;
    Ok(OwnedMessage {
        topic,
        payload,
        qos,
        retain,
        dup,
        packet_id,
        received_at,
        properties,
        decoded,
    })
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

/// One property from its member's value, read by the property's data type
/// and checked by the codec's rules.
fn property(
    member: &Member,
    field: Present,
    encoding: Encoding,
) -> Result<Property, JsonLineError> {
    let id = member.id;
    // Zero is out of range where the codec refuses it (a topic alias, a
    // subscription identifier).
    let min = u64::from(Property::from_value(id, zero(id)).is_err());
    let text_value;
    let data;
    let pair;
    let value = match id.data_type() {
        // Read as 0–255; only 1 means UTF-8, as replaying always took it.
        DataType::Byte => PropertyValue::Byte(u8::from(field.integer(0, 255)? == 1)),
        DataType::TwoByteInteger => {
            PropertyValue::TwoByteInteger(field.integer(min, 65_535)? as u16)
        }
        DataType::FourByteInteger => {
            PropertyValue::FourByteInteger(field.integer(min, u64::from(u32::MAX))? as u32)
        }
        DataType::VariableByteInteger => {
            PropertyValue::VariableByteInteger(field.integer(min, 268_435_455)? as u32)
        }
        DataType::String => {
            text_value = mqtt_string(&text(field)?)?;
            PropertyValue::String(&text_value)
        }
        DataType::BinaryData => {
            data = Bytes::from(decode(field, encoding)?);
            PropertyValue::BinaryData(&data)
        }
        DataType::StringPair => {
            let (name, value) = string_pair(field)?;
            pair = (mqtt_string(&name)?, mqtt_string(&value)?);
            PropertyValue::StringPair(&pair.0, &pair.1)
        }
    };
    Property::from_value(id, value).map_err(|err| {
        JsonLineError::InvalidProperty(match err {
            PropertyError::InvalidTopic { error, .. } => error.to_string(),
            other => other.to_string(),
        })
    })
}

/// A zero of the data type of `id`.
fn zero(id: PropertyId) -> PropertyValue<'static> {
    match id.data_type() {
        DataType::TwoByteInteger => PropertyValue::TwoByteInteger(0),
        DataType::FourByteInteger => PropertyValue::FourByteInteger(0),
        DataType::VariableByteInteger => PropertyValue::VariableByteInteger(0),
        _ => PropertyValue::Byte(0),
    }
}

fn mqtt_string(text: &str) -> Result<MqttString, JsonLineError> {
    MqttString::try_from(text).map_err(|err| JsonLineError::InvalidProperty(err.to_string()))
}

fn string_pair(field: Present) -> Result<(String, String), JsonLineError> {
    let invalid = |pair: &Value| JsonLineError::InvalidField {
        field: field.name,
        reason: format!("expected [name, value] with two strings, got {pair}"),
    };
    match &field.value {
        Value::Array(items) => match items.as_slice() {
            [Value::String(name), Value::String(value)] => Ok((name.clone(), value.clone())),
            _ => Err(invalid(&field.value)),
        },
        _ => Err(invalid(&field.value)),
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
