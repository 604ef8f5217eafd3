//! Describes one decoded packet as a [`Node`] tree: fixed header, variable
//! header and payload, field by field, with meanings next to raw values.
//!
//! Policy: values come from the codec's decoded packet (which has checked
//! every rule); the raw fixed header bytes come from the frame. Flags bytes
//! that the codec does not keep (connect flags, subscription options) are
//! rebuilt from the decoded fields, which is exact because the codec
//! rejects any reserved bit. Secrets are hidden unless asked for.

mod connect;
mod fields;
mod subscribe;

use mqtt_proto::{Packet, PacketId, Property, ProtocolVersion, Publish, QoS};

pub use self::fields::{property_text, Secrets};

use crate::describe::decode::Frame;
use crate::describe::show::{byte_count, hex, quoted, spaced_hex};
use crate::describe::tree::Node;

/// The whole description of one packet.
pub fn describe(frame: &Frame, secrets: Secrets) -> Node {
    let packet_type = frame.packet.packet_type();
    let end = frame.offset + frame.bytes.len();
    let title = format!(
        "packet {}: {} at bytes {}..{} ({}, MQTT {})",
        frame.index,
        packet_type,
        frame.offset,
        end,
        byte_count(frame.bytes.len()),
        frame.version.number()
    );
    let mut root = Node::group("", &title)
        .with(Node::json_only("index", frame.index))
        .with(Node::json_only("offset", frame.offset))
        .with(Node::json_only("length", frame.bytes.len()))
        .with(Node::json_only("protocol_version", frame.version.number()))
        .with(Node::json_only("type", packet_type.name()));
    if let Some(note) = &frame.version_note {
        root.push(Node::leaf("version_note", "note", note.clone(), note.clone()));
    }
    root.push(fixed_header(frame));
    let (variable, payload) = body(frame, secrets);
    root.push(variable);
    if let Some(payload) = payload {
        root.push(payload);
    }
    root
}

fn fixed_header(frame: &Frame) -> Node {
    let header = &frame.bytes[..frame.header_len];
    let first = header[0];
    let packet_type = frame.packet.packet_type();
    let flags = first & 0x0F;
    let mut flags_node =
        Node::leaf("flags", "flags", format!("{flags:04b}"), format!("{flags:04b}"));
    if let Packet::Publish(publish) = &frame.packet {
        flags_node = flags_node.with_text(format!(
            "{flags:04b}  DUP {}, QoS {} ({}), RETAIN {}",
            u8::from(publish.dup),
            publish.qos.level(),
            qos_meaning(publish.qos),
            u8::from(publish.retain)
        ));
        flags_node.push(Node::json_only("dup", publish.dup));
        flags_node.push(Node::json_only("qos", publish.qos.level()));
        flags_node.push(Node::json_only("retain", publish.retain));
    } else {
        let note = if frame.version == ProtocolVersion::V3_1 && flags & 0b1000 != 0 {
            "DUP set (MQTT 3.1 re-send)"
        } else {
            "fixed for this packet type"
        };
        flags_node = flags_node.with_text(format!("{flags:04b}  {note}"));
    }
    let remaining = frame.bytes.len() - frame.header_len;
    Node::group("fixed_header", "fixed header")
        .with_text(spaced_hex(header))
        .with(Node::json_only("bytes", hex(header)))
        .with(Node::leaf(
            "packet_type",
            "packet type",
            format!("{} {}", first >> 4, packet_type.name()),
            first >> 4,
        ))
        .with(flags_node)
        .with(Node::leaf(
            "remaining_length",
            "remaining length",
            format!("{remaining}  (encoded as {})", spaced_hex(&header[1..])),
            remaining,
        ))
        .with(Node::json_only("remaining_length_bytes", hex(&header[1..])))
}

/// "at most once", "at least once", "exactly once".
pub fn qos_meaning(qos: QoS) -> &'static str {
    match qos {
        QoS::AtMostOnce => "at most once",
        QoS::AtLeastOnce => "at least once",
        QoS::ExactlyOnce => "exactly once",
    }
}

/// The variable header and, for packets that have one, the payload.
fn body(frame: &Frame, secrets: Secrets) -> (Node, Option<Node>) {
    let v5 = frame.version.is_v5();
    let variable = Node::group("variable_header", "variable header");
    // Acknowledgements may leave the reason code out (remaining length 2).
    let short = frame.bytes.len() - frame.header_len <= 2;
    // The four acknowledgements differ only in their reason-code type.
    macro_rules! acknowledgement {
        ($ack:expr) => {
            (
                ack_node(
                    variable,
                    $ack.packet_id,
                    v5,
                    short,
                    ($ack.reason_code.code(), $ack.reason_code.name()),
                    $ack.properties.to_properties(),
                    secrets,
                ),
                None,
            )
        };
    }
    match &frame.packet {
        Packet::Connect(packet) => connect::connect(packet, secrets),
        Packet::ConnAck(packet) => (connect::connack(packet, frame.version, secrets), None),
        Packet::Publish(packet) => publish(frame, packet, secrets),
        Packet::PubAck(ack) => acknowledgement!(ack),
        Packet::PubRec(ack) => acknowledgement!(ack),
        Packet::PubRel(ack) => acknowledgement!(ack),
        Packet::PubComp(ack) => acknowledgement!(ack),
        Packet::Subscribe(packet) => subscribe::subscribe(packet, frame.version, secrets),
        Packet::SubAck(packet) => subscribe::suback(packet, frame.version, secrets),
        Packet::Unsubscribe(packet) => subscribe::unsubscribe(packet, frame.version, secrets),
        Packet::UnsubAck(packet) => subscribe::unsuback(packet, frame.version, secrets),
        Packet::PingReq | Packet::PingResp => (variable.with_text("(none)"), None),
        Packet::Disconnect(packet) => {
            let node = if !v5 {
                variable.with_text("(none)")
            } else {
                reason_and_properties(
                    variable,
                    frame.bytes.len() == frame.header_len,
                    (packet.reason_code.code(), packet.reason_code.name()),
                    packet.properties.to_properties(),
                    secrets,
                )
            };
            (node, None)
        }
        Packet::Auth(packet) => {
            let node = reason_and_properties(
                variable,
                frame.bytes.len() == frame.header_len,
                (packet.reason_code.code(), packet.reason_code.name()),
                packet.properties.to_properties(),
                secrets,
            );
            (node, None)
        }
    }
}

/// PUBACK, PUBREC, PUBREL and PUBCOMP share one layout.
fn ack_node(
    variable: Node,
    packet_id: PacketId,
    v5: bool,
    short: bool,
    reason: (u8, &'static str),
    properties: Vec<Property>,
    secrets: Secrets,
) -> Node {
    let node = variable.with(fields::packet_id(packet_id));
    if v5 {
        reason_and_properties(node, short, reason, properties, secrets)
    } else {
        node
    }
}

/// The MQTT 5 reason code (`omitted` when the packet leaves it out, which
/// means Success) and, when present, the properties after it.
fn reason_and_properties(
    node: Node,
    omitted: bool,
    (code, name): (u8, &'static str),
    properties: Vec<Property>,
    secrets: Secrets,
) -> Node {
    if omitted {
        node.with(fields::omitted_reason("reason_code", "reason code", name))
    } else {
        node.with(fields::reason("reason_code", "reason code", code, name))
            .with(fields::properties(properties, secrets))
    }
}

fn publish(frame: &Frame, publish: &Publish, secrets: Secrets) -> (Node, Option<Node>) {
    let topic = if publish.topic.is_empty() {
        Node::leaf("topic", "topic name", "\"\" (empty: the Topic Alias stands for it)", "")
    } else {
        Node::leaf("topic", "topic name", quoted(publish.topic.as_str()), publish.topic.as_str())
    };
    let mut variable = Node::group("variable_header", "variable header").with(topic);
    if let Some(packet_id) = publish.packet_id {
        variable.push(fields::packet_id(packet_id));
    }
    if frame.version.is_v5() {
        variable.push(fields::properties(publish.properties.to_properties(), secrets));
    }
    let payload_offset = frame.offset + frame.bytes.len() - publish.payload.len();
    (
        variable,
        Some(fields::data_node("payload", "payload", &publish.payload, Some(payload_offset))),
    )
}
