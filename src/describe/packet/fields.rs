//! Field nodes shared by several packet types: properties, reason codes,
//! binary data (payloads, passwords) and packet identifiers.

use mqtt_proto::{PacketId, Property};
use serde_json::{json, Value};

use crate::describe::show::{byte_count, hex, hex_dump, printable, quoted};
use crate::describe::tree::Node;

/// Whether secrets (passwords, authentication data) are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Secrets(pub bool);

/// A property block, in the codec's order (user properties last).
pub fn properties(list: Vec<Property>, secrets: Secrets) -> Node {
    let mut node = Node::list("properties", "properties");
    if list.is_empty() {
        node = node.with_text("(none)");
    }
    for property in list {
        node.push(property_node(&property, secrets));
    }
    node
}

/// A property's value as text (what the decoder and the trace show).
pub fn property_text(property: &Property, secrets: Secrets) -> String {
    property_value(property, secrets).0
}

fn property_node(property: &Property, secrets: Secrets) -> Node {
    let id = property.id();
    let (text, value) = property_value(property, secrets);
    let text = format!("{text}  (id {:#04x})", id.code());
    Node::leaf("", id.name(), text, json!({ "id": id.code(), "name": id.name(), "value": value }))
}

fn seconds(value: u32) -> (String, Value) {
    (format!("{value} s"), json!(value))
}

fn flag(value: bool) -> (String, Value) {
    (u8::from(value).to_string(), json!(value))
}

fn string(text: &str) -> (String, Value) {
    (quoted(text), json!(text))
}

fn property_value(property: &Property, secrets: Secrets) -> (String, Value) {
    match property {
        Property::PayloadFormatIndicator(utf8) => {
            let text = if *utf8 { "1 (UTF-8 text)" } else { "0 (unspecified bytes)" };
            (text.to_string(), json!(u8::from(*utf8)))
        }
        Property::SessionExpiryInterval(u32::MAX) => {
            ("4294967295 s (never expires)".to_string(), json!(u32::MAX))
        }
        Property::MessageExpiryInterval(value)
        | Property::SessionExpiryInterval(value)
        | Property::WillDelayInterval(value) => seconds(*value),
        Property::ServerKeepAlive(value) => seconds(u32::from(*value)),
        Property::ContentType(text)
        | Property::AssignedClientIdentifier(text)
        | Property::AuthenticationMethod(text)
        | Property::ResponseInformation(text)
        | Property::ServerReference(text)
        | Property::ReasonString(text) => string(text),
        Property::ResponseTopic(topic) => string(topic.as_str()),
        Property::CorrelationData(data) => binary_value(data),
        Property::AuthenticationData(data) if !secrets.0 => hidden(data.len()),
        Property::AuthenticationData(data) => binary_value(data),
        Property::MaximumPacketSize(value) => (byte_count(*value as usize), json!(value)),
        Property::SubscriptionIdentifier(value) => (value.to_string(), json!(value)),
        Property::ReceiveMaximum(value)
        | Property::TopicAliasMaximum(value)
        | Property::TopicAlias(value) => (value.to_string(), json!(value)),
        Property::MaximumQoS(qos) => (qos.level().to_string(), json!(qos.level())),
        Property::RequestProblemInformation(value)
        | Property::RequestResponseInformation(value)
        | Property::RetainAvailable(value)
        | Property::WildcardSubscriptionAvailable(value)
        | Property::SubscriptionIdentifierAvailable(value)
        | Property::SharedSubscriptionAvailable(value) => flag(*value),
        Property::UserProperty(key, value) => (
            format!("{} = {}", quoted(key), quoted(value)),
            json!({ "key": key.as_str(), "value": value.as_str() }),
        ),
    }
}

/// Short binary data (correlation data): text when printable, else hex.
fn binary_value(data: &[u8]) -> (String, Value) {
    match printable(data) {
        Some(text) => {
            (format!("{} ({})", quoted(text), byte_count(data.len())), json!({ "text": text }))
        }
        None => {
            (format!("{} ({})", hex(data), byte_count(data.len())), json!({ "hex": hex(data) }))
        }
    }
}

fn hidden(len: usize) -> (String, Value) {
    (
        format!("({}, hidden; --show-secrets shows it)", byte_count(len)),
        json!({ "size": len, "hidden": true }),
    )
}

/// A secret field (password): its length only, unless secrets are shown.
pub fn secret(key: &str, label: &str, data: &[u8], secrets: Secrets) -> Node {
    if secrets.0 {
        return data_node(key, label, data, None);
    }
    let (text, value) = hidden(data.len());
    Node::leaf(key, label, text, value)
}

/// Application data (a payload): printable UTF-8 as quoted text, anything
/// else as a hex dump whose offsets count from `base` (the data's offset
/// in the input) when known.
pub fn data_node(key: &str, label: &str, data: &[u8], base: Option<usize>) -> Node {
    let size = data.len();
    let (text, mut value) = match printable(data) {
        _ if size == 0 => ("0 bytes (empty)".to_string(), json!({ "size": 0, "text": "" })),
        Some(text) => (
            format!("{}, UTF-8 text\n{}", byte_count(size), quoted(text)),
            json!({ "size": size, "text": text }),
        ),
        None => (
            format!("{}, binary\n{}", byte_count(size), hex_dump(data, base.unwrap_or(0))),
            json!({ "size": size, "hex": hex(data) }),
        ),
    };
    if let Some(offset) = base {
        value["offset"] = json!(offset);
    }
    Node::leaf(key, label, text, value)
}

/// A reason code: text "0x87 Not authorized", JSON {code, name}.
pub fn reason(key: &str, label: &str, code: u8, name: &str) -> Node {
    Node::leaf(key, label, format!("{code:#04x} {name}"), json!({ "code": code, "name": name }))
}

/// A reason code that the packet left out (MQTT 5 allows it for Success).
pub fn omitted_reason(key: &str, label: &str, name: &str) -> Node {
    Node::leaf(
        key,
        label,
        format!("0x00 {name} (omitted on the wire, implied)"),
        json!({ "code": 0, "name": name, "omitted": true }),
    )
}

/// A packet identifier.
pub fn packet_id(packet_id: PacketId) -> Node {
    Node::leaf("packet_id", "packet identifier", packet_id.get().to_string(), packet_id.get())
}
