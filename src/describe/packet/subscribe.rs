//! SUBSCRIBE, SUBACK, UNSUBSCRIBE and UNSUBACK: filters with their
//! options, and one reason code per filter.

use mqtt_proto::{
    ProtocolVersion, RetainHandling, SubAck, Subscribe, SubscriptionOptions, TopicFilter, UnsubAck,
    Unsubscribe,
};
use serde_json::json;

use crate::describe::packet::fields::{self, Secrets};
use crate::describe::show::quoted;
use crate::describe::tree::Node;

fn header(packet_id: mqtt_proto::PacketId, properties: Option<Node>) -> Node {
    let mut node =
        Node::group("variable_header", "variable header").with(fields::packet_id(packet_id));
    if let Some(properties) = properties {
        node.push(properties);
    }
    node
}

/// SUBSCRIBE.
pub fn subscribe(
    packet: &Subscribe,
    version: ProtocolVersion,
    secrets: Secrets,
) -> (Node, Option<Node>) {
    let properties =
        version.is_v5().then(|| fields::properties(packet.properties.to_properties(), secrets));
    let mut payload = Node::list("payload", "payload");
    for (index, (filter, options)) in packet.filters.iter().enumerate() {
        payload.push(subscription(index + 1, filter, *options, version));
    }
    (header(packet.packet_id, properties), Some(payload))
}

/// The options byte as the codec read it (reserved bits are rejected, so
/// rebuilding it is exact).
fn options_byte(options: SubscriptionOptions, version: ProtocolVersion) -> u8 {
    let mut byte = options.qos.level();
    if version.is_v5() {
        byte |= u8::from(options.no_local) << 2
            | u8::from(options.retain_as_published) << 3
            | (options.retain_handling as u8) << 4;
    }
    byte
}

fn retain_handling(handling: RetainHandling) -> &'static str {
    match handling {
        RetainHandling::SendAtSubscribe => "send retained messages at subscribe",
        RetainHandling::SendIfNewSubscription => {
            "send retained messages only for a new subscription"
        }
        RetainHandling::DoNotSend => "do not send retained messages",
    }
}

fn subscription(
    index: usize,
    filter: &TopicFilter,
    options: SubscriptionOptions,
    version: ProtocolVersion,
) -> Node {
    let byte = options_byte(options, version);
    let mut text =
        format!("{}  options {byte:#04x}: QoS {}", quoted(filter.as_str()), options.qos.level());
    let mut value =
        json!({ "filter": filter.as_str(), "options": byte, "qos": options.qos.level() });
    if version.is_v5() {
        text.push_str(&format!(
            ", no local {}, retain as published {}, retain handling {} ({})",
            u8::from(options.no_local),
            u8::from(options.retain_as_published),
            options.retain_handling as u8,
            retain_handling(options.retain_handling)
        ));
        value["no_local"] = json!(options.no_local);
        value["retain_as_published"] = json!(options.retain_as_published);
        value["retain_handling"] = json!(options.retain_handling as u8);
    }
    if let Some(shared) = filter.shared() {
        text.push_str(&format!("; shared by group {}", quoted(shared.group)));
        value["share_group"] = json!(shared.group);
    }
    Node::leaf("", &format!("filter {index}"), text, value)
}

/// SUBACK.
pub fn suback(packet: &SubAck, version: ProtocolVersion, secrets: Secrets) -> (Node, Option<Node>) {
    let properties =
        version.is_v5().then(|| fields::properties(packet.properties.to_properties(), secrets));
    let mut payload = Node::list("payload", "payload");
    for (index, code) in packet.reason_codes.iter().enumerate() {
        // 3.1.1 calls 0x80 "Failure"; the codec maps it to Unspecified error.
        let name = if !version.is_v5() && code.code() == 0x80 { "Failure" } else { code.name() };
        payload.push(fields::reason("", &format!("filter {}", index + 1), code.code(), name));
    }
    (header(packet.packet_id, properties), Some(payload))
}

/// UNSUBSCRIBE.
pub fn unsubscribe(
    packet: &Unsubscribe,
    version: ProtocolVersion,
    secrets: Secrets,
) -> (Node, Option<Node>) {
    let properties =
        version.is_v5().then(|| fields::properties(packet.properties.to_properties(), secrets));
    let mut payload = Node::list("payload", "payload");
    for (index, filter) in packet.filters.iter().enumerate() {
        payload.push(Node::leaf(
            "",
            &format!("filter {}", index + 1),
            quoted(filter.as_str()),
            filter.as_str(),
        ));
    }
    (header(packet.packet_id, properties), Some(payload))
}

/// UNSUBACK (reason codes only in MQTT 5).
pub fn unsuback(
    packet: &UnsubAck,
    version: ProtocolVersion,
    secrets: Secrets,
) -> (Node, Option<Node>) {
    if !version.is_v5() {
        return (header(packet.packet_id, None), None);
    }
    let properties = fields::properties(packet.properties.to_properties(), secrets);
    let mut payload = Node::list("payload", "payload");
    for (index, code) in packet.reason_codes.iter().enumerate() {
        payload.push(fields::reason(
            "",
            &format!("filter {}", index + 1),
            code.code(),
            code.name(),
        ));
    }
    (header(packet.packet_id, Some(properties)), Some(payload))
}
