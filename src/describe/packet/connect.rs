//! CONNECT and CONNACK: protocol, connect flags bit by bit, keep alive,
//! client identifier, will, credentials (password hidden), and the
//! server's answer.

use mqtt_proto::{ConnAck, Connect, ProtocolVersion};
use serde_json::json;

use crate::describe::packet::fields::{self, Secrets};
use crate::describe::packet::qos_meaning;
use crate::describe::show::quoted;
use crate::describe::tree::Node;

/// CONNECT's variable header and payload.
pub fn connect(packet: &Connect, secrets: Secrets) -> (Node, Option<Node>) {
    let protocol = packet.protocol;
    let mut variable = Node::group("variable_header", "variable header")
        .with(Node::leaf(
            "protocol_name",
            "protocol name",
            quoted(protocol.protocol_name()),
            protocol.protocol_name(),
        ))
        .with(Node::leaf(
            "protocol_level",
            "protocol level",
            format!("{}  (MQTT {})", protocol.level(), protocol.number()),
            protocol.level(),
        ))
        .with(connect_flags(packet))
        .with(Node::leaf(
            "keep_alive",
            "keep alive",
            if packet.keep_alive == 0 {
                "0 (off)".to_string()
            } else {
                format!("{} s", packet.keep_alive)
            },
            packet.keep_alive,
        ));
    if protocol.is_v5() {
        variable.push(fields::properties(packet.properties.to_properties(), secrets));
    }
    let client_id = if packet.client_id.is_empty() {
        Node::leaf("client_id", "client identifier", "\"\" (empty: the server assigns one)", "")
    } else {
        Node::leaf(
            "client_id",
            "client identifier",
            quoted(&packet.client_id),
            packet.client_id.as_str(),
        )
    };
    let mut payload = Node::group("payload", "payload").with(client_id);
    if let Some(will) = &packet.will {
        let mut will_node = Node::group("will", "will");
        if protocol.is_v5() {
            will_node.push(fields::properties(will.properties.to_properties(), secrets));
        }
        will_node.push(Node::leaf(
            "topic",
            "will topic",
            quoted(will.topic.as_str()),
            will.topic.as_str(),
        ));
        will_node.push(fields::data_node("payload", "will payload", &will.payload, None));
        payload.push(will_node);
    }
    if let Some(username) = &packet.username {
        payload.push(Node::leaf("username", "user name", quoted(username), username.as_str()));
    }
    if let Some(password) = &packet.password {
        payload.push(fields::secret("password", "password", password, secrets));
    }
    (variable, Some(payload))
}

/// The connect flags byte as the codec read it (the codec rejects the
/// reserved bit, so rebuilding it from the fields is exact).
fn connect_flags(packet: &Connect) -> Node {
    let will = packet.will.as_ref();
    let will_qos = will.map_or(0, |will| will.qos.level());
    let will_retain = will.is_some_and(|will| will.retain);
    let byte = u8::from(packet.clean_start) << 1
        | u8::from(will.is_some()) << 2
        | will_qos << 3
        | u8::from(will_retain) << 5
        | u8::from(packet.password.is_some()) << 6
        | u8::from(packet.username.is_some()) << 7;
    let bit =
        |key: &str, label: &str, on: bool| Node::leaf(key, label, u8::from(on).to_string(), on);
    let clean_label = if packet.protocol.is_v5() { "clean start" } else { "clean session" };
    let will_qos_text = match will {
        Some(will) => format!("{will_qos} ({})", qos_meaning(will.qos)),
        None => "0".to_string(),
    };
    Node::group("connect_flags", "connect flags")
        .with_text(format!("{byte:#04x}  {:04b} {:04b}", byte >> 4, byte & 0x0F))
        .with_json(byte)
        .with(bit("username", "user name (bit 7)", packet.username.is_some()))
        .with(bit("password", "password (bit 6)", packet.password.is_some()))
        .with(bit("will_retain", "will retain (bit 5)", will_retain))
        .with(Node::leaf("will_qos", "will QoS (bits 4-3)", will_qos_text, will_qos))
        .with(bit("will", "will flag (bit 2)", will.is_some()))
        .with(bit("clean_start", &format!("{clean_label} (bit 1)"), packet.clean_start))
        .with(Node::leaf("reserved", "reserved (bit 0)", "0", 0))
}

/// CONNACK's variable header.
pub fn connack(packet: &ConnAck, version: ProtocolVersion, secrets: Secrets) -> Node {
    let mut node = Node::group("variable_header", "variable header");
    let flags = u8::from(packet.session_present && version != ProtocolVersion::V3_1);
    node.push(
        Node::group("acknowledge_flags", "acknowledge flags")
            .with_text(format!("{flags:#04x}"))
            .with_json(flags)
            .with(Node::leaf(
                "session_present",
                "session present (bit 0)",
                if version == ProtocolVersion::V3_1 {
                    "not in MQTT 3.1".to_string()
                } else {
                    u8::from(packet.session_present).to_string()
                },
                packet.session_present,
            )),
    );
    let reason = packet.reason_code;
    if version.is_v5() {
        node.push(fields::reason("reason_code", "reason code", reason.code(), reason.name()));
        node.push(fields::properties(packet.properties.to_properties(), secrets));
    } else {
        let code = reason.to_v3_return_code().unwrap_or(0xFF);
        let meaning = if code == 0 { "Connection Accepted" } else { reason.name() };
        node.push(Node::leaf(
            "return_code",
            "return code",
            format!("{code}  {meaning}"),
            json!({ "code": code, "name": meaning }),
        ));
    }
    node
}
